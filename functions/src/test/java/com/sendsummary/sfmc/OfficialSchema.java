package com.sendsummary.sfmc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * The XML schema embedded in the OFFICIAL partner WSDL (system property {@code sfmc.contracts.dir}), with its
 * import of the remote fault XSD resolved to the local copy; nothing is fetched over the network.
 */
final class OfficialSchema {

    static final String FAULT_XSD_URL = "https://webservice.exacttarget.com/ETFrameworkFault.xsd";
    private static final String XSD_NS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    private OfficialSchema() {
    }

    static Path contractsDir() {
        String dir = System.getProperty("sfmc.contracts.dir");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("system property sfmc.contracts.dir is not set");
        }
        return Path.of(dir);
    }

    static Schema load() throws Exception {
        Path dir = contractsDir();
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document wsdl = dbf.newDocumentBuilder().parse(dir.resolve("etframework.wsdl").toFile());
        Element schema = null;
        for (Node n = wsdl.getDocumentElement().getFirstChild(); n != null && schema == null; n = n.getNextSibling()) {
            if (n instanceof Element types && "types".equals(types.getLocalName())) {
                for (Node c = types.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element e && "schema".equals(e.getLocalName()) && XSD_NS.equals(e.getNamespaceURI())) {
                        schema = e;
                        break;
                    }
                }
            }
        }
        if (schema == null) {
            throw new IllegalStateException("no xsd:schema in the official WSDL");
        }
        // QName-valued attributes (type="tns:...", "xsd:int") use prefixes declared on <definitions>.
        NamedNodeMap rootAttributes = wsdl.getDocumentElement().getAttributes();
        for (int i = 0; i < rootAttributes.getLength(); i++) {
            Node attribute = rootAttributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
                    && !schema.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attribute.getLocalName())) {
                schema.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attribute.getNodeName(), attribute.getNodeValue());
            }
        }
        Path faultXsd = dir.resolve("ETFrameworkFault.xsd");
        SchemaFactory factory = SchemaFactory.newInstance(XSD_NS);
        // Only local files may be read; the resolver below maps the one remote import to its local copy.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setResourceResolver(localFaultXsd(faultXsd));
        DOMSource source = new DOMSource(schema, dir.resolve("etframework.wsdl").toUri().toString());
        return factory.newSchema(source);
    }

    private static LSResourceResolver localFaultXsd(Path faultXsd) {
        return (type, namespaceUri, publicId, systemId, baseUri) -> {
            if (FAULT_XSD_URL.equals(systemId) || "urn:fault.partner.exacttarget.com".equals(namespaceUri)) {
                return new LocalInput(faultXsd, FAULT_XSD_URL);
            }
            throw new IllegalStateException("unexpected schema reference " + systemId);
        };
    }

    private record LocalInput(Path file, String systemId) implements LSInput {
        @Override
        public InputStream getByteStream() {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String getSystemId() {
            return systemId;
        }

        @Override
        public Reader getCharacterStream() {
            return null;
        }

        @Override
        public void setCharacterStream(Reader characterStream) {
        }

        @Override
        public void setByteStream(InputStream byteStream) {
        }

        @Override
        public String getStringData() {
            return null;
        }

        @Override
        public void setStringData(String stringData) {
        }

        @Override
        public void setSystemId(String systemId) {
        }

        @Override
        public String getPublicId() {
            return null;
        }

        @Override
        public void setPublicId(String publicId) {
        }

        @Override
        public String getBaseURI() {
            return null;
        }

        @Override
        public void setBaseURI(String baseURI) {
        }

        @Override
        public String getEncoding() {
            return null;
        }

        @Override
        public void setEncoding(String encoding) {
        }

        @Override
        public boolean getCertifiedText() {
            return false;
        }

        @Override
        public void setCertifiedText(boolean certifiedText) {
        }
    }
}
