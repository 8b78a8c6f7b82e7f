package com.sendsummary.simulator.soap;

import java.util.Map;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;

/** Declares {@code q0} for the WS-Security namespace on fault envelopes, so the faultcode reads {@code q0:Security}. */
final class SecurityFaultPrefixInterceptor extends AbstractSoapInterceptor {

    SecurityFaultPrefixInterceptor() {
        super(Phase.PREPARE_SEND);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (message.getContent(Exception.class) instanceof SoapFault fault
                && Namespaces.WSSE.equals(fault.getFaultCode().getNamespaceURI())) {
            message.put("soap.env.ns.map", Map.of("q0", Namespaces.WSSE));
        }
    }
}
