package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.wsdl.fault.APIFault;
import com.sendsummary.simulator.wsdl.fault.ObjectFactory;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.util.concurrent.ThreadLocalRandom;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;

/** The SOAP faults SFMC sends. */
final class ApiFaults {

    /** Security faults carry the WS-Security namespace as faultcode (q0:Security) and no detail. */
    static final QName SECURITY_FAULT_CODE = new QName(Namespaces.WSSE, "Security", "q0");
    static final String LOGIN_FAILED = "Login failed";

    private static final JAXBContext FAULT_CONTEXT;

    static {
        try {
            FAULT_CONTEXT = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ApiFaults() {
    }

    static SoapFault loginFailed() {
        return new SoapFault(LOGIN_FAILED, SECURITY_FAULT_CODE);
    }

    /** soap:Client, e.g. for a request the schema rejects. */
    static SoapFault client(String message) {
        return new SoapFault(message, Soap11.getInstance().getSender());
    }

    /** soap:Server with {@code detail/apifault} (Code, Message, LogID). */
    static SoapFault server(int code, String message) {
        SoapFault fault = new SoapFault(message, Soap11.getInstance().getReceiver());
        APIFault apiFault = new APIFault();
        apiFault.setCode(code);
        apiFault.setMessage(message);
        apiFault.setLogID(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
        try {
            FAULT_CONTEXT.createMarshaller().marshal(new ObjectFactory().createApifault(apiFault),
                    fault.getOrCreateDetail());
        } catch (JAXBException e) {
            throw new IllegalStateException("Cannot build the apifault detail", e);
        }
        return fault;
    }

    static String defaultMessage(int code) {
        return switch (code) {
            case 1 -> "Remote database connection detected: synchronous API call unsupported.";
            case 8 -> "Unsupported object.";
            case 9 -> "The system is currently undergoing maintenance. Please try again later.";
            case 11 -> "Authorization failure: the user does not have access to the API.";
            default -> "An unexpected error has occurred. Please try again later.";
        };
    }
}
