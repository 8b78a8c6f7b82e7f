package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.auth.TokenStore;
import com.sendsummary.simulator.data.DataStore;
import java.util.function.Supplier;
import jakarta.servlet.ServletConfig;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;

/** CXF's servlet with the PartnerAPI endpoint published at the servlet's own path (/Service.asmx). */
public final class SimulatorCxfServlet extends CXFNonSpringServlet {

    private final transient PartnerApiEndpoint endpoint;
    private final transient TokenStore tokens;
    private final transient DataStore data;
    private final transient Supplier<WsdlSchema> schema;

    public SimulatorCxfServlet(PartnerApiEndpoint endpoint, TokenStore tokens, DataStore data,
                               Supplier<WsdlSchema> schema) {
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.data = data;
        this.schema = schema;
    }

    @Override
    protected void loadBus(ServletConfig servletConfig) {
        super.loadBus(servletConfig);
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setBus(getBus());
        factory.setServiceClass(PartnerApiEndpoint.class);
        factory.setServiceBean(endpoint);
        factory.setAddress("/");
        factory.setWsdlLocation("classpath:" + WsdlSchema.WSDL_RESOURCE);
        factory.getInInterceptors().add(new SoapGuardInterceptor(tokens, data, schema));
        factory.getOutInterceptors().add(new ResponseHeadersInterceptor());
        factory.getOutFaultInterceptors().add(new SecurityFaultPrefixInterceptor());
        factory.create();
    }
}
