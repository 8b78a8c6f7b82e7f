package com.sendsummary.simulator.soap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** DOM helpers: namespace-aware parsing without DTDs or external entities. */
final class Xml {

    private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance();
    private static final TransformerFactory TRANSFORMERS = TransformerFactory.newInstance();

    static {
        FACTORY.setNamespaceAware(true);
        FACTORY.setExpandEntityReferences(false);
        try {
            FACTORY.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            FACTORY.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Xml() {
    }

    static Document parse(byte[] bytes) throws IOException, SAXException {
        DocumentBuilder builder;
        try {
            builder = FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        return builder.parse(new ByteArrayInputStream(bytes));
    }

    static Document newDocument() {
        try {
            return FACTORY.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] serialize(Document document) {
        try {
            Transformer transformer = TRANSFORMERS.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("Cannot serialize a DOM", e);
        }
    }

    static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> result = new ArrayList<>();
        for (Node node = parent == null ? null : parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())
                    && (namespace == null || namespace.equals(element.getNamespaceURI()))) {
                result.add(element);
            }
        }
        return result;
    }

    static Element child(Element parent, String namespace, String localName) {
        List<Element> children = children(parent, namespace, localName);
        return children.isEmpty() ? null : children.getFirst();
    }

    static Element firstChildElement(Element parent) {
        for (Node node = parent == null ? null : parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        return null;
    }

    static String text(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }
}
