package com.sendsummary.simulator.soap;

import static com.sendsummary.simulator.soap.Namespaces.PARTNER;
import static com.sendsummary.simulator.soap.Namespaces.XSI;

import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM edits on a marshalled RetrieveResponseMsg for the unknownElements / unknownResultType fault actions. */
final class ResponseTamper {

    static final String UNKNOWN_ELEMENT = "ErrorCodeId";
    static final String UNKNOWN_TYPE = "FutureTrackingEvent";

    private ResponseTamper() {
    }

    /** {@code <ErrorCodeId>0</ErrorCodeId>} after OverallStatus and after the Client of every Results. */
    static byte[] addUnknownElements(byte[] body) {
        return edit(body, response -> {
            insertAfterFirstChild(response, unknownElement(response));
            for (Element result : Xml.children(response, PARTNER, "Results")) {
                insertAfterFirstChild(result, unknownElement(response));
            }
        });
    }

    /** One more Results whose xsi:type is not in the WSDL. */
    static byte[] addUnknownResultType(byte[] body) {
        return edit(body, response -> {
            Document document = response.getOwnerDocument();
            String prefix = response.lookupPrefix(PARTNER);
            Element result = document.createElementNS(PARTNER, qualified(prefix, "Results"));
            if (response.lookupNamespaceURI("xsi") == null) {
                result.setAttributeNS(Namespaces.XMLNS, "xmlns:xsi", XSI);
            }
            result.setAttributeNS(XSI, "xsi:type", qualified(prefix, UNKNOWN_TYPE));
            Element client = document.createElementNS(PARTNER, qualified(prefix, "Client"));
            Element id = document.createElementNS(PARTNER, qualified(prefix, "ID"));
            List<Element> existing = Xml.children(response, PARTNER, "Results");
            id.setTextContent(existing.isEmpty() ? "0"
                    : Xml.text(Xml.child(Xml.child(existing.getFirst(), PARTNER, "Client"), PARTNER, "ID")));
            client.appendChild(id);
            result.appendChild(client);
            Element rowId = document.createElementNS(PARTNER, qualified(prefix, "ID"));
            rowId.setTextContent("0");
            result.appendChild(rowId);
            Element detail = document.createElementNS(PARTNER, qualified(prefix, "Channel"));
            detail.setTextContent("SMS");
            result.appendChild(detail);
            response.appendChild(result);
        });
    }

    private static byte[] edit(byte[] body, java.util.function.Consumer<Element> editor) {
        Document document;
        try {
            document = Xml.parse(body);
        } catch (Exception e) {
            return body;
        }
        Element soapBody = Xml.child(document.getDocumentElement(), Namespaces.SOAP11, "Body");
        Element response = Xml.child(soapBody, PARTNER, "RetrieveResponseMsg");
        if (response == null) {
            return body;
        }
        editor.accept(response);
        return Xml.serialize(document);
    }

    private static Element unknownElement(Element response) {
        Element element = response.getOwnerDocument()
                .createElementNS(PARTNER, qualified(response.lookupPrefix(PARTNER), UNKNOWN_ELEMENT));
        element.setTextContent("0");
        return element;
    }

    private static void insertAfterFirstChild(Element parent, Element element) {
        Element first = Xml.firstChildElement(parent);
        Node next = first == null ? null : first.getNextSibling();
        parent.insertBefore(element, next);
    }

    private static String qualified(String prefix, String localName) {
        return prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName;
    }
}
