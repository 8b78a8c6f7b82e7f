package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.auth.AuthContext;
import com.sendsummary.simulator.faults.FaultRule;
import com.sendsummary.simulator.wsdl.ConfigureRequestMsg;
import com.sendsummary.simulator.wsdl.ConfigureResponseMsg;
import com.sendsummary.simulator.wsdl.CreateRequest;
import com.sendsummary.simulator.wsdl.CreateResponse;
import com.sendsummary.simulator.wsdl.DefinitionRequestMsg;
import com.sendsummary.simulator.wsdl.DefinitionResponseMsg;
import com.sendsummary.simulator.wsdl.DeleteRequest;
import com.sendsummary.simulator.wsdl.DeleteResponse;
import com.sendsummary.simulator.wsdl.ExecuteRequestMsg;
import com.sendsummary.simulator.wsdl.ExecuteResponseMsg;
import com.sendsummary.simulator.wsdl.ExtractRequestMsg;
import com.sendsummary.simulator.wsdl.ExtractResponseMsg;
import com.sendsummary.simulator.wsdl.PerformRequestMsg;
import com.sendsummary.simulator.wsdl.PerformResponseMsg;
import com.sendsummary.simulator.wsdl.QueryRequestMsg;
import com.sendsummary.simulator.wsdl.QueryResponseMsg;
import com.sendsummary.simulator.wsdl.RetrieveRequestMsg;
import com.sendsummary.simulator.wsdl.RetrieveResponseMsg;
import com.sendsummary.simulator.wsdl.ScheduleRequestMsg;
import com.sendsummary.simulator.wsdl.ScheduleResponseMsg;
import com.sendsummary.simulator.wsdl.Soap;
import com.sendsummary.simulator.wsdl.SystemStatusRequestMsg;
import com.sendsummary.simulator.wsdl.SystemStatusResponseMsg;
import com.sendsummary.simulator.wsdl.UpdateRequest;
import com.sendsummary.simulator.wsdl.UpdateResponse;
import com.sendsummary.simulator.wsdl.VersionInfoRequestMsg;
import com.sendsummary.simulator.wsdl.VersionInfoResponseMsg;
import jakarta.jws.WebService;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * The PartnerAPI SOAP endpoint. Only Retrieve is implemented; the other operations answer an apifault
 * UnsupportedObject (code 8).
 */
@WebService(serviceName = "PartnerAPI", portName = "Soap", targetNamespace = Namespaces.PARTNER,
        endpointInterface = "com.sendsummary.simulator.wsdl.Soap")
public final class PartnerApiEndpoint implements Soap {

    private static final String TIMEOUT_EXPIRED = "Timeout expired.  The timeout period elapsed prior to completion"
            + " of the operation or the server is not responding.";

    private final RetrieveService retrieveService;

    public PartnerApiEndpoint(RetrieveService retrieveService) {
        this.retrieveService = retrieveService;
    }

    @Override
    public RetrieveResponseMsg retrieve(RetrieveRequestMsg parameters) {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        AuthContext caller = message.getExchange().get(AuthContext.class);
        HttpServletRequest request = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        SoapRequestInfo info = (SoapRequestInfo) request.getAttribute(SoapRequestInfo.ATTRIBUTE);
        FaultRule rule = (FaultRule) request.getAttribute(SoapRequestFilter.FAULT_RULE_ATTRIBUTE);
        if (rule != null) {
            switch (rule.action()) {
                case SOAP_FAULT -> {
                    int code = rule.apiFaultCode() == null ? 2 : rule.apiFaultCode();
                    throw ApiFaults.server(code,
                            rule.message() == null ? ApiFaults.defaultMessage(code) : rule.message());
                }
                case ERROR_STATUS -> {
                    return RetrieveService.error(
                            "Error: " + (rule.message() == null ? TIMEOUT_EXPIRED : rule.message()));
                }
                default -> {
                }
            }
        }
        return retrieveService.retrieve(parameters.getRetrieveRequest(), caller,
                info == null ? null : info.filterText());
    }

    @Override
    public VersionInfoResponseMsg versionInfo(VersionInfoRequestMsg parameters) {
        throw unsupported("VersionInfo");
    }

    @Override
    public CreateResponse create(CreateRequest parameters) {
        throw unsupported("Create");
    }

    @Override
    public ScheduleResponseMsg schedule(ScheduleRequestMsg parameters) {
        throw unsupported("Schedule");
    }

    @Override
    public ConfigureResponseMsg configure(ConfigureRequestMsg parameters) {
        throw unsupported("Configure");
    }

    @Override
    public DeleteResponse delete(DeleteRequest parameters) {
        throw unsupported("Delete");
    }

    @Override
    public DefinitionResponseMsg describe(DefinitionRequestMsg parameters) {
        throw unsupported("Describe");
    }

    @Override
    public PerformResponseMsg perform(PerformRequestMsg parameters) {
        throw unsupported("Perform");
    }

    @Override
    public QueryResponseMsg query(QueryRequestMsg parameters) {
        throw unsupported("Query");
    }

    @Override
    public ExecuteResponseMsg execute(ExecuteRequestMsg parameters) {
        throw unsupported("Execute");
    }

    @Override
    public ExtractResponseMsg extract(ExtractRequestMsg parameters) {
        throw unsupported("Extract");
    }

    @Override
    public UpdateResponse update(UpdateRequest parameters) {
        throw unsupported("Update");
    }

    @Override
    public SystemStatusResponseMsg getSystemStatus(SystemStatusRequestMsg parameters) {
        throw unsupported("GetSystemStatus");
    }

    private static SoapFault unsupported(String operation) {
        return ApiFaults.server(8, "The " + operation + " operation is not supported by the SFMC simulator.");
    }
}
