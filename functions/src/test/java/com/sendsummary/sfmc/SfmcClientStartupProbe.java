package com.sendsummary.sfmc;

import com.exacttarget.wsdl.partnerapi.PartnerAPI;
import com.exacttarget.wsdl.partnerapi.Soap;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.xml.namespace.QName;

/**
 * Manual probe (not a test): milliseconds from JVM start to the first Send returned by a loopback server, and the
 * cost of the alternative ways to build the CXF port. Run with the shaded jar and the test classes on the class
 * path: {@code java -cp target/functions.jar:target/test-classes com.sendsummary.sfmc.SfmcClientStartupProbe [client|service|wsdl]}.
 */
public final class SfmcClientStartupProbe {

    private SfmcClientStartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "client";
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        try (CannedSfmcServer server = new CannedSfmcServer()) {
            server.reply(CannedSfmcServer.envelope("send-complete.xml"));
            long started = System.nanoTime();
            switch (mode) {
                case "client" -> {
                    try (SfmcSoapClient client = new SfmcSoapClient(server.oauthCredentials(100001L),
                            new SfmcClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), 2500))) {
                        long built = System.nanoTime();
                        SendRecord send = client.retrieveSend(910002, null).orElseThrow();
                        long done = System.nanoTime();
                        System.out.printf("client: build %d ms, first retrieveSend %d ms, JVM start to first Send %d ms"
                                        + " (jobId %d)%n", (built - started) / 1_000_000, (done - built) / 1_000_000,
                                System.currentTimeMillis() - jvmStart, send.jobId());
                    }
                }
                case "service" -> {
                    QName serviceName = new QName(SfmcSoapClient.NAMESPACE, "PartnerAPI");
                    QName portName = new QName(SfmcSoapClient.NAMESPACE, "Soap");
                    Service service = Service.create(serviceName);
                    service.addPort(portName, SOAPBinding.SOAP11HTTP_BINDING, server.baseUri() + "Service.asmx");
                    Soap port = service.getPort(portName, Soap.class);
                    System.out.printf("service (no WSDL): build %d ms%n", (System.nanoTime() - started) / 1_000_000);
                    ((AutoCloseable) port).close();
                }
                case "wsdl" -> {
                    Soap port = new PartnerAPI().getSoap();
                    ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY,
                            server.baseUri() + "Service.asmx");
                    System.out.printf("generated service (parses WSDL): build %d ms%n",
                            (System.nanoTime() - started) / 1_000_000);
                    ((AutoCloseable) port).close();
                }
                case "phases" -> {
                    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().build();
                    long httpBuilt = System.nanoTime();
                    org.apache.cxf.Bus bus = new org.apache.cxf.bus.extension.ExtensionManagerBus();
                    long busBuilt = System.nanoTime();
                    org.apache.cxf.jaxws.JaxWsProxyFactoryBean factory = new org.apache.cxf.jaxws.JaxWsProxyFactoryBean();
                    factory.setBus(bus);
                    factory.setServiceClass(Soap.class);
                    factory.setAddress(server.baseUri() + "Service.asmx");
                    Soap port = (Soap) factory.create();
                    long portBuilt = System.nanoTime();
                    System.out.printf("phases: HttpClient %d ms, bus %d ms, JaxWsProxyFactoryBean.create %d ms%n",
                            (httpBuilt - started) / 1_000_000, (busBuilt - httpBuilt) / 1_000_000,
                            (portBuilt - busBuilt) / 1_000_000);
                    ((AutoCloseable) port).close();
                    http.close();
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
    }
}
