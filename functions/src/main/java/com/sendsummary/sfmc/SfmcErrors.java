package com.sendsummary.sfmc;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.transport.http.HTTPException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Turns what CXF throws into the client's typed exceptions. */
final class SfmcErrors {

    static final String API_FAULT_NS = "urn:fault.partner.exacttarget.com";

    /** A SOAP fault sent by the server. */
    record ServerFault(QName faultCode, String faultString, Element detail) {

        /** Login failed / Token Expired / a wsse Security fault code: the credential was refused. */
        boolean isAuthentication() {
            String text = faultString == null ? "" : faultString.toLowerCase(Locale.ROOT);
            return (faultCode != null && "Security".equals(faultCode.getLocalPart()))
                    || text.contains("login failed")
                    || text.contains("token expired");
        }

        SfmcFaultException toException() {
            Integer code = null;
            String message = null;
            Element apiFault = find(detail, API_FAULT_NS, "apifault");
            if (apiFault != null) {
                Element codeElement = find(apiFault, API_FAULT_NS, "Code");
                Element messageElement = find(apiFault, API_FAULT_NS, "Message");
                if (codeElement != null) {
                    try {
                        code = Integer.valueOf(codeElement.getTextContent().strip());
                    } catch (NumberFormatException ignored) {
                        // a non-numeric code is reported as absent
                    }
                }
                message = messageElement == null ? null : messageElement.getTextContent().strip();
            }
            return new SfmcFaultException(faultCode == null ? null : faultCode.getLocalPart(), faultString, code,
                    message);
        }
    }

    private SfmcErrors() {
    }

    /**
     * The SOAP fault the server sent, or null when the failure is not one. CXF also raises SoapFault for
     * responses it cannot read (with the parse error as cause); those are not server faults.
     */
    static ServerFault serverFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SOAPFaultException e && e.getFault() != null) {
                return new ServerFault(e.getFault().getFaultCodeAsQName(), e.getFault().getFaultString(),
                        e.getFault().getDetail());
            }
            // A fault read from the response has no cause; CXF's own SoapFaults wrap a parse or I/O error.
            if (t instanceof SoapFault fault && fault.getCause() == null) {
                return new ServerFault(fault.getFaultCode(), fault.getMessage(), fault.getDetail());
            }
        }
        return null;
    }

    /**
     * Classifies a failure that is not a server SOAP fault. {@code httpStatus} is the HTTP status of the
     * response, when one was received.
     */
    static SfmcException classify(Throwable failure, Integer httpStatus) {
        ServerFault fault = serverFault(failure);
        if (fault != null) {
            return fault.toException();
        }
        if (has(failure, SocketTimeoutException.class) || has(failure, HttpTimeoutException.class)) {
            return new SfmcTimeoutException("SFMC did not answer in time", failure);
        }
        HTTPException http = find(failure, HTTPException.class);
        int status = http != null ? http.getResponseCode() : httpStatus == null ? 0 : httpStatus;
        if (status == 429 || status >= 500) {
            return new SfmcThrottledException(status, failure);
        }
        if (status >= 300) {
            return new SfmcRequestRejectedException("HTTP " + status);
        }
        if (has(failure, XMLStreamException.class) || has(failure, JAXBException.class)) {
            return new SfmcMalformedResponseException("SFMC response could not be parsed", failure);
        }
        IOException io = find(failure, IOException.class);
        if (io != null) {
            return new SfmcTimeoutException("SFMC could not be reached: " + io.getClass().getSimpleName(), failure);
        }
        return new SfmcMalformedResponseException("SFMC response could not be read: "
                + failure.getClass().getSimpleName(), failure);
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Element find(Element parent, String namespace, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (localName.equals(element.getLocalName()) && namespace.equals(element.getNamespaceURI())) {
                    return element;
                }
                Element nested = find(element, namespace, localName);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
