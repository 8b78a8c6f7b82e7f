package com.sendsummary.simulator.soap;

/** XML namespaces of the SFMC SOAP API. */
public final class Namespaces {

    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String PARTNER = "http://exacttarget.com/wsdl/partnerAPI";
    /** Namespace of the {@code fueloauth} header. */
    public static final String FUEL = "http://exacttarget.com";
    public static final String FAULT = "urn:fault.partner.exacttarget.com";
    public static final String WSSE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private Namespaces() {
    }
}
