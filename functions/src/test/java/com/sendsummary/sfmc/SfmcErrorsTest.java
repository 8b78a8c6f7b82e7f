package com.sendsummary.sfmc;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.ws.WebServiceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.transport.http.HTTPException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SfmcErrorsTest {

    private static final QName SERVER = new QName("http://schemas.xmlsoap.org/soap/envelope/", "Server");

    @Test
    void classify_whenSoapFaultWithApiFault_returnsFaultWithCodeAndMessage() {
        SoapFault fault = new SoapFault("Server was unable to process request.", SERVER);
        fault.setDetail(detail(9, "InMaintenance"));

        SfmcException e = SfmcErrors.classify(new WebServiceException(fault), 500);

        assertThat(e).isInstanceOfSatisfying(SfmcFaultException.class, f -> {
            assertThat(f.faultCode()).isEqualTo("Server");
            assertThat(f.apiFaultCode()).isEqualTo(9);
            assertThat(f.apiFaultMessage()).isEqualTo("InMaintenance");
            assertThat(f.retryable()).isTrue();
        });
    }

    @Test
    void classify_whenApiFaultCodeIsAuthorizationFailure_isNotRetryable() {
        SoapFault fault = new SoapFault("Server was unable to process request.", SERVER);
        fault.setDetail(detail(11, "AuthorizationFailure"));

        assertThat(SfmcErrors.classify(new WebServiceException(fault), 500).retryable()).isFalse();
    }

    @Test
    void classify_whenSoapFaultWithoutDetail_returnsFaultWithoutApiCode() {
        SoapFault fault = new SoapFault("Server did not recognize the value of HTTP Header SOAPAction: X.",
                new QName("http://schemas.xmlsoap.org/soap/envelope/", "Client"));

        SfmcException e = SfmcErrors.classify(new WebServiceException(fault), 500);

        assertThat(e).isInstanceOfSatisfying(SfmcFaultException.class, f -> {
            assertThat(f.faultCode()).isEqualTo("Client");
            assertThat(f.apiFaultCode()).isNull();
            assertThat(f.retryable()).isFalse();
        });
    }

    @Test
    void serverFault_whenSecurityFaultCode_isAuthentication() {
        SoapFault fault = new SoapFault("Login failed", new QName(SoapAuthentication.WSSE_NS, "Security"));

        assertThat(SfmcErrors.serverFault(new WebServiceException(fault)).isAuthentication()).isTrue();
    }

    @Test
    void serverFault_whenTokenExpiredString_isAuthentication() {
        SoapFault fault = new SoapFault("Token Expired", SERVER);

        assertThat(SfmcErrors.serverFault(fault).isAuthentication()).isTrue();
    }

    @Test
    void serverFault_whenCxfWrapsAParseError_isNull() {
        SoapFault parseError = new SoapFault("Error reading XMLStreamReader", new XMLStreamException("bad"), SERVER);

        assertThat(SfmcErrors.serverFault(new WebServiceException(parseError))).isNull();
        assertThat(SfmcErrors.classify(new WebServiceException(parseError), 200))
                .isInstanceOf(SfmcMalformedResponseException.class);
    }

    @Test
    void classify_whenParseErrorOnHttp500_returnsThrottled() {
        SoapFault parseError = new SoapFault("Error reading XMLStreamReader", new XMLStreamException("bad"), SERVER);

        assertThat(SfmcErrors.classify(new WebServiceException(parseError), 500))
                .isInstanceOfSatisfying(SfmcThrottledException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
    }

    @Test
    void classify_whenHttpExceptionWith503_returnsThrottled() throws Exception {
        Fault fault = new Fault(new HTTPException(503, "Service Unavailable", URI.create("http://127.0.0.1/").toURL()));

        assertThat(SfmcErrors.classify(new WebServiceException(fault), null))
                .isInstanceOfSatisfying(SfmcThrottledException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
    }

    @Test
    void classify_whenHttpExceptionWith404_returnsRejected() throws Exception {
        Fault fault = new Fault(new HTTPException(404, "Not Found", URI.create("http://127.0.0.1/").toURL()));

        assertThat(SfmcErrors.classify(new WebServiceException(fault), null))
                .isInstanceOfSatisfying(SfmcRequestRejectedException.class, e -> {
                    assertThat(e.overallStatus()).isEqualTo("HTTP 404");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void classify_whenSocketTimeoutInsideFault_returnsTimeout() {
        Fault fault = new Fault(new SocketTimeoutException("Read timed out"));

        assertThat(SfmcErrors.classify(new WebServiceException("Could not receive Message.", fault), null))
                .isInstanceOf(SfmcTimeoutException.class);
    }

    @Test
    void classify_whenConnectionRefused_returnsTimeout() {
        Fault fault = new Fault(new ConnectException("Connection refused"));

        assertThat(SfmcErrors.classify(new WebServiceException(fault), null)).isInstanceOf(SfmcTimeoutException.class);
    }

    @Test
    void classify_whenUnmarshallingError_returnsMalformed() {
        Fault fault = new Fault(new jakarta.xml.bind.UnmarshalException("unexpected element"));

        assertThat(SfmcErrors.classify(new WebServiceException(fault), 200))
                .isInstanceOf(SfmcMalformedResponseException.class);
    }

    @Test
    void classify_whenIoErrorOnHttp200_returnsTimeoutForTransportFailure() {
        Fault fault = new Fault(new IOException("Connection reset"));

        assertThat(SfmcErrors.classify(new WebServiceException(fault), null)).isInstanceOf(SfmcTimeoutException.class);
    }

    private static Element detail(int code, String message) {
        Document document = DOMUtils.createDocument();
        Element detail = document.createElement("detail");
        Element apiFault = document.createElementNS(SfmcErrors.API_FAULT_NS, "apifault");
        Element codeElement = document.createElementNS(SfmcErrors.API_FAULT_NS, "Code");
        codeElement.setTextContent(Integer.toString(code));
        Element messageElement = document.createElementNS(SfmcErrors.API_FAULT_NS, "Message");
        messageElement.setTextContent(message);
        apiFault.appendChild(codeElement);
        apiFault.appendChild(messageElement);
        detail.appendChild(apiFault);
        document.appendChild(detail);
        return detail;
    }
}
