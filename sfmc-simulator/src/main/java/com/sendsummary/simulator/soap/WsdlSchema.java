package com.sendsummary.simulator.soap;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.SAXException;

/**
 * The XML Schema embedded in the official WSDL (from the jar, {@code /wsdl/etframework.wsdl}), with the fault schema it
 * imports from the network resolved to the local copy. Validates request payloads.
 */
public final class WsdlSchema {

    static final String WSDL_RESOURCE = "wsdl/etframework.wsdl";
    static final String FAULT_XSD_RESOURCE = "wsdl/ETFrameworkFault.xsd";
    static final String FAULT_XSD_URL = "https://webservice.exacttarget.com/ETFrameworkFault.xsd";

    private final Schema schema;

    private WsdlSchema(Schema schema) {
        this.schema = schema;
    }

    public static WsdlSchema load() {
        try (InputStream wsdl = resource(WSDL_RESOURCE)) {
            Document document = Xml.parse(wsdl.readAllBytes());
            List<Source> sources = new ArrayList<>();
            for (Element types : Xml.children(document.getDocumentElement(), null, "types")) {
                for (Element schemaElement : Xml.children(types, XMLConstants.W3C_XML_SCHEMA_NS_URI, "schema")) {
                    copyInScopeNamespaces(schemaElement, schemaElement);
                    sources.add(new DOMSource(schemaElement, "classpath:" + WSDL_RESOURCE));
                }
            }
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
                if (FAULT_XSD_URL.equals(systemId) || "urn:fault.partner.exacttarget.com".equals(namespace)) {
                    return faultSchemaInput();
                }
                // Never fetch from the network.
                throw new IllegalStateException("Unexpected schema reference " + systemId);
            });
            return new WsdlSchema(factory.newSchema(sources.toArray(Source[]::new)));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("Cannot load the schema of the official WSDL: " + e.getMessage(), e);
        }
    }

    /** The first violation of the schema in a SOAP body payload ({@code cvc-...} message), if any. */
    public Optional<String> violation(Element payload) {
        Document standalone = Xml.newDocument();
        Element copy = (Element) standalone.importNode(payload, true);
        standalone.appendChild(copy);
        // Prefixes used in xsi:type values may be declared on the Envelope or Body.
        copyInScopeNamespaces(payload, copy);
        Validator validator = schema.newValidator();
        try {
            validator.validate(new DOMSource(standalone));
            return Optional.empty();
        } catch (SAXException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyInScopeNamespaces(Element from, Element to) {
        for (Node node = from.getParentNode(); node instanceof Element ancestor; node = ancestor.getParentNode()) {
            NamedNodeMap attributes = ancestor.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                if (Namespaces.XMLNS.equals(attribute.getNamespaceURI())
                        && !to.hasAttributeNS(Namespaces.XMLNS, attribute.getLocalName())
                        && !(attribute.getPrefix() == null && to.hasAttribute("xmlns"))) {
                    to.setAttributeNS(Namespaces.XMLNS, attribute.getName(), attribute.getValue());
                }
            }
        }
    }

    private static LSInput faultSchemaInput() {
        try {
            DOMImplementationLS ls = (DOMImplementationLS) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .getDOMImplementation();
            LSInput input = ls.createLSInput();
            input.setByteStream(resource(FAULT_XSD_RESOURCE));
            input.setSystemId(FAULT_XSD_URL);
            return input;
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = WsdlSchema.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("Missing classpath resource " + name);
        }
        return in;
    }
}
