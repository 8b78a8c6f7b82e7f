package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.auth.AuthContext;
import com.sendsummary.simulator.auth.TokenStore;
import com.sendsummary.simulator.data.ApiUser;
import com.sendsummary.simulator.data.DataStore;
import java.util.function.Supplier;
import com.sendsummary.simulator.faults.FaultAction;
import com.sendsummary.simulator.faults.FaultRule;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.binding.soap.interceptor.MustUnderstandInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Before CXF unmarshals the body: authenticates the caller (fueloauth token or WS-Security UsernameToken), then
 * validates the body against the official schema. Runs on the envelope the {@link SoapRequestFilter} already parsed.
 */
final class SoapGuardInterceptor extends AbstractSoapInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(SoapGuardInterceptor.class);
    private static final QName FUEL_OAUTH = new QName(Namespaces.FUEL, "fueloauth");
    private static final QName SECURITY = new QName(Namespaces.WSSE, "Security");

    private final TokenStore tokens;
    private final DataStore data;
    private final Supplier<WsdlSchema> schema;

    SoapGuardInterceptor(TokenStore tokens, DataStore data, Supplier<WsdlSchema> schema) {
        super(Phase.PRE_PROTOCOL);
        addAfter(MustUnderstandInterceptor.class.getName());
        this.tokens = tokens;
        this.data = data;
        this.schema = schema;
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return Set.of(FUEL_OAUTH, SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        HttpServletRequest request = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        SoapRequestInfo info = request == null ? null
                : (SoapRequestInfo) request.getAttribute(SoapRequestInfo.ATTRIBUTE);
        if (info == null || !info.parsed()) {
            return;
        }
        FaultRule rule = (FaultRule) request.getAttribute(SoapRequestFilter.FAULT_RULE_ATTRIBUTE);
        if (rule != null && rule.action() == FaultAction.AUTH_FAULT) {
            throw ApiFaults.loginFailed();
        }
        AuthContext caller = authenticate(info.header()).orElseThrow(ApiFaults::loginFailed);
        if (info.payload() != null) {
            Optional<String> violation = schema.get().violation(info.payload());
            if (violation.isPresent()) {
                LOG.info("{} request rejected by the schema: {}", info.operation(), violation.get());
                throw ApiFaults.client(violation.get());
            }
        }
        message.getExchange().put(AuthContext.class, caller);
    }

    private Optional<AuthContext> authenticate(Element header) {
        Element fuelOAuth = Xml.child(header, Namespaces.FUEL, "fueloauth");
        if (fuelOAuth != null) {
            Optional<AuthContext> caller = tokens.validate(Xml.text(fuelOAuth));
            if (caller.isEmpty()) {
                LOG.info("Login failed: unknown or expired fueloauth token");
            }
            return caller;
        }
        Element usernameToken = Xml.child(Xml.child(header, Namespaces.WSSE, "Security"), Namespaces.WSSE,
                "UsernameToken");
        if (usernameToken != null) {
            String username = Xml.text(Xml.child(usernameToken, Namespaces.WSSE, "Username"));
            Element password = Xml.child(usernameToken, Namespaces.WSSE, "Password");
            String type = password == null ? "" : password.getAttribute("Type");
            boolean plainText = type.isEmpty() || type.endsWith("#PasswordText");
            Optional<AuthContext> caller = data.current().user(username)
                    .filter(user -> plainText && user.password().equals(Xml.text(password)))
                    .map(ApiUser::defaultMid)
                    .map(mid -> new AuthContext(username, mid));
            if (caller.isEmpty()) {
                LOG.info("Login failed: bad UsernameToken for user {}", username);
            }
            return caller;
        }
        LOG.info("Login failed: neither a fueloauth header nor a WS-Security UsernameToken");
        return Optional.empty();
    }
}
