package com.sendsummary.simulator.soap;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Adds the headers real SFMC responses carry (wsa:Action, MessageID, RelatesTo, To and wsse:Security/wsu:Timestamp),
 * none marked mustUnderstand, so clients prove they ignore them.
 */
final class ResponseHeadersInterceptor extends AbstractSoapInterceptor {

    ResponseHeadersInterceptor() {
        super(Phase.PRE_PROTOCOL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        String operation = message.getExchange().getBindingOperationInfo() == null ? "Retrieve"
                : message.getExchange().getBindingOperationInfo().getName().getLocalPart();
        Document document = Xml.newDocument();
        add(message, wsa(document, "Action", operation + "Response"));
        add(message, wsa(document, "MessageID", "urn:uuid:" + UUID.randomUUID()));
        add(message, wsa(document, "RelatesTo", "urn:uuid:" + UUID.randomUUID()));
        add(message, wsa(document, "To", "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"));
        Element security = document.createElementNS(Namespaces.WSSE, "wsse:Security");
        Element timestamp = document.createElementNS(Namespaces.WSU, "wsu:Timestamp");
        timestamp.setAttributeNS(Namespaces.WSU, "wsu:Id", "Timestamp-" + UUID.randomUUID());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        timestamp.appendChild(text(document, Namespaces.WSU, "wsu:Created", now.toString()));
        timestamp.appendChild(text(document, Namespaces.WSU, "wsu:Expires",
                now.plus(Duration.ofMinutes(5)).toString()));
        security.appendChild(timestamp);
        add(message, security);
    }

    private static Element wsa(Document document, String name, String value) {
        return text(document, Namespaces.WSA, "wsa:" + name, value);
    }

    private static Element text(Document document, String namespace, String qualifiedName, String value) {
        Element element = document.createElementNS(namespace, qualifiedName);
        element.setTextContent(value);
        return element;
    }

    private static void add(SoapMessage message, Element element) {
        message.getHeaders().add(new SoapHeader(new QName(element.getNamespaceURI(), element.getLocalName()), element));
    }
}
