package com.sendsummary.sfmc;

import com.exacttarget.wsdl.partnerapi.APIObject;
import com.exacttarget.wsdl.partnerapi.RetrieveRequestMsg;
import com.exacttarget.wsdl.partnerapi.RetrieveResponseMsg;
import com.exacttarget.wsdl.partnerapi.Soap;
import com.sendsummary.telemetry.Invocation;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.bus.extension.ExtensionManagerBus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxb.JAXBDataBinding;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.service.model.EndpointInfo;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.EndpointReferenceType;

/**
 * SFMC SOAP API client for Send summaries and tracking events ({@code Retrieve} only).
 *
 * <p>Build one per container and reuse it: the constructor builds the CXF port (JAXB context, HTTP conduit) once,
 * which costs roughly 0.5 to 1 s on a cold JVM; calls are cheap afterwards. Thread-safe: OAuth2 tokens are cached and
 * shared, each thread uses its own request context. Authentication faults trigger one token refresh and one retry.
 * Every failure surfaces as a subclass of {@link SfmcException}.
 */
public final class SfmcSoapClient implements AutoCloseable {

    static {
        // CXF logs through java.util.logging by default, which prints plain-text lines ("INFO: Creating Service ...")
        // among the functions' JSON lines. Through SLF4J they reach slf4j-nop and are dropped: every failure CXF
        // reports also surfaces as an exception, which the functions log as JSON. Set before any CXF class loads.
        System.setProperty("org.apache.cxf.Logger", "org.apache.cxf.common.logging.Slf4jLogger");
    }

    static final String NAMESPACE = "http://exacttarget.com/wsdl/partnerAPI";
    static final String OK = "OK";
    static final String MORE_DATA_AVAILABLE = "MoreDataAvailable";
    /** Lets unknown elements and unknown xsi:types through (new fields SFMC adds must not break parsing). */
    static final String SET_JAXB_VALIDATION_EVENT_HANDLER = "set-jaxb-validation-event-handler";
    static final String FORCE_URLCONNECTION = "force.urlconnection.http.conduit";

    /** A Retrieve is not started with less time than this left: it could not finish. */
    static final Duration MIN_CALL_TIME = Duration.ofMillis(200);
    /**
     * Explicit limits on every SOAP answer, applied by CXF through Woodstox while it reads, instead of CXF's defaults
     * (no limit on the element count or the total size): a broken or hostile answer is refused (answered
     * {@code 503 sfmc_unavailable}, or stale) before it fills the function's memory. A page of 2,500 events (the
     * largest SFMC sends) stays far below each of them.
     */
    static final Map<String, Object> XML_LIMITS = Map.of(
            "org.apache.cxf.stax.maxElementDepth", 32,
            "org.apache.cxf.stax.maxChildElements", 10_000,
            "org.apache.cxf.stax.maxAttributeCount", 64,
            "org.apache.cxf.stax.maxAttributeSize", 16_384,
            "org.apache.cxf.stax.maxTextLength", 1_048_576,
            "org.apache.cxf.stax.maxElementCount", 500_000L,
            "org.apache.cxf.stax.maxXMLCharacters", 64L * 1024 * 1024);

    /** Retries of a failed first page of a paged retrieve (events, sends by window). */
    static final int PAGE_RETRIES = 2;
    private static final Duration PAGE_RETRY_BASE = Duration.ofMillis(200);
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();
    /**
     * The retry pauses' jitter. Not ThreadLocalRandom: its seeds come from one generator seeded at class
     * initialisation, which a SnapStart snapshot would give every restored container alike, so their retries would
     * line up. SecureRandom (NativePRNG) mixes fresh /dev/urandom bytes into every draw.
     */
    private static final SecureRandom JITTER = new SecureRandom();
    /**
     * The partner API's JAXB context and the set of classes CXF caches it under, held once made: CXF's cache holds
     * both only weakly, so after a garbage collection the next client (a rotated secret; the first miss after
     * priming) would build the context again: 30 ms more once primed, far more cold.
     */
    private static volatile JAXBContext jaxbContext;
    private static volatile Set<Class<?>> jaxbClasses;

    private final SfmcClientSettings settings;
    private final SoapAuthentication authentication;
    private final Bus bus;
    private final Soap port;

    /**
     * Builds the client and its CXF port; contacts nothing (the first token is fetched by the first call).
     *
     * @throws IllegalArgumentException when the credentials are incomplete
     */
    public SfmcSoapClient(SfmcCredentials credentials, SfmcClientSettings settings) {
        this(credentials, settings, Clock.systemUTC());
    }

    SfmcSoapClient(SfmcCredentials credentials, SfmcClientSettings settings, Clock clock) {
        Objects.requireNonNull(credentials, "credentials");
        this.settings = Objects.requireNonNull(settings, "settings");
        validate(credentials);
        this.authentication = SoapAuthentication.of(credentials, settings, clock);
        this.bus = newBus();
        try {
            this.port = newPort(bus, endpoint(credentials.soapBaseUri()), settings);
        } catch (RuntimeException e) {
            bus.shutdown(false);
            authentication.close();
            throw e;
        }
    }

    /** The Send with this JobID, or empty when SFMC knows no such send (in that business unit). */
    public Optional<SendRecord> retrieveSend(int jobId, Integer clientId) {
        RetrieveResponseMsg response = call(RetrieveRequests.sendById(jobId, clientId));
        for (APIObject result : response.getResults()) {
            SendRecord record = ResponseMapper.toSendRecord(result);
            if (record != null && record.jobId() == jobId) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    /**
     * Sends whose SendDate lies in the closed window [{@code from}, {@code to}], paged lazily. Failures surface
     * while the stream is consumed.
     */
    public Stream<SendRecord> retrieveSends(Instant from, Instant to, Integer clientId) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
        return pagedStream(RetrieveRequests.SEND, clientId,
                RetrieveRequests.sendsBySendDate(from, to, clientId, settings.batchSize()),
                ResponseMapper::toSendRecord);
    }

    /**
     * Tracking events, paged lazily with {@code ContinueRequest}: only one page is held in memory at a time.
     * Failures surface while the stream is consumed. Close the stream when done (try-with-resources).
     */
    public Stream<TrackingEvent> retrieveEvents(EventQuery query) {
        Objects.requireNonNull(query, "query");
        return pagedStream(query.type().objectType(), query.clientId(),
                RetrieveRequests.events(query, settings.batchSize()),
                result -> ResponseMapper.toTrackingEvent(result, query.type(), query.sendId()));
    }

    @Override
    public void close() {
        try {
            if (port instanceof Closeable closeable) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // nothing left to release
        } finally {
            bus.shutdown(false);
            authentication.close();
        }
    }

    /** The CXF client under the port (tests check its conduit). */
    Client cxfClient() {
        return ClientProxy.getClient(port);
    }

    private <T> Stream<T> pagedStream(String objectType, Integer clientId, RetrieveRequestMsg first,
                                      Function<APIObject, T> mapper) {
        Pages<T> pages = new Pages<>(objectType, clientId, first, mapper);
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Pages through a retrieve, one page in memory, asking for the next one only when the current is used up. */
    private final class Pages<T> implements Iterator<T> {
        private final String objectType;
        private final Integer clientId;
        private final Function<APIObject, T> mapper;
        private RetrieveRequestMsg nextRequest;
        private boolean firstPage = true;
        private Iterator<APIObject> page = List.<APIObject>of().iterator();
        private T next;

        Pages(String objectType, Integer clientId, RetrieveRequestMsg first, Function<APIObject, T> mapper) {
            this.objectType = objectType;
            this.clientId = clientId;
            this.nextRequest = first;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (page.hasNext()) {
                    next = mapper.apply(page.next());
                } else if (nextRequest != null) {
                    fetch();
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T result = next;
            next = null;
            return result;
        }

        private void fetch() {
            // Only the first page is retried: SFMC does not document whether a repeated ContinueRequest returns the
            // same page again, and a continuation that moved on would silently skip a page.
            RetrieveResponseMsg response = firstPage ? callWithRetries(nextRequest) : call(nextRequest);
            firstPage = false;
            nextRequest = null;
            if (MORE_DATA_AVAILABLE.equals(response.getOverallStatus().strip())) {
                String requestId = response.getRequestID();
                if (requestId == null || requestId.isBlank()) {
                    throw new SfmcMalformedResponseException("SFMC said MoreDataAvailable without a RequestID", null);
                }
                // Each page has its own RequestID; continue from the latest one.
                nextRequest = RetrieveRequests.continuation(objectType, requestId, clientId, settings.batchSize());
            }
            page = response.getResults().iterator();
        }
    }

    /**
     * The first page of a paged retrieve: a retryable failure (throttling, unavailable, a lost connection) is retried
     * up to {@value #PAGE_RETRIES} times after a jittered, growing pause, while the request's deadline leaves time for
     * the pause and the call. Safe: the first request of a retrieve is a plain read with a filter.
     */
    private RetrieveResponseMsg callWithRetries(RetrieveRequestMsg request) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call(request);
            } catch (SfmcException e) {
                Deadline deadline = Deadline.current();
                if (!e.retryable() || e instanceof DeadlineExceededException || attempt == PAGE_RETRIES
                        || deadline.hasPassed()) {
                    throw e;
                }
                long base = PAGE_RETRY_BASE.toMillis() << attempt;
                long pause = base / 2 + JITTER.nextLong(base / 2 + 1);
                if (deadline.remaining().toMillis() < pause + MIN_CALL_TIME.toMillis()) {
                    throw e;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * One Retrieve with authentication, one refresh-and-retry on an authentication fault, typed errors; each attempt
     * starts only if the request's {@link Deadline} leaves time and is cut at it.
     */
    private RetrieveResponseMsg call(RetrieveRequestMsg request) {
        Header header = authentication.header();
        try {
            return checked(bounded(request, header));
        } catch (AuthenticationRejected first) {
            if (!authentication.refreshable()) {
                throw new SfmcAuthenticationException("SFMC rejected the API user: " + first.getMessage());
            }
            authentication.invalidate(header);
            Header refreshed = authentication.header();
            try {
                return checked(bounded(request, refreshed));
            } catch (AuthenticationRejected second) {
                authentication.invalidate(refreshed);
                throw new SfmcAuthenticationException(
                        "SFMC rejected a freshly issued token: " + second.getMessage());
            }
        }
    }

    /**
     * The call, bounded in total by the request's deadline: CXF's receive timeout is per read, so an answer that
     * trickles in would never be cut by it. The call runs on a virtual thread; at the deadline it is interrupted,
     * which closes its socket (blocking socket I/O of virtual threads is interruptible), and a timeout is thrown.
     */
    private RetrieveResponseMsg bounded(RetrieveRequestMsg request, Header header) {
        Deadline deadline = Deadline.current();
        deadline.check("an SFMC Retrieve", MIN_CALL_TIME);
        long started = System.nanoTime();
        try {
            return timed(request, header, deadline);
        } catch (SfmcException e) {
            Invocation.current().sfmcFailure(e.code());
            throw e;
        } finally {
            Invocation.current().sfmcCall(System.nanoTime() - started);
        }
    }

    private RetrieveResponseMsg timed(RetrieveRequestMsg request, Header header, Deadline deadline) {
        if (deadline.isNone()) {
            return invoke(request, header);
        }
        Future<RetrieveResponseMsg> call = CALLS.submit(() -> invoke(request, header));
        try {
            return call.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DeadlineExceededException("SFMC did not finish answering before the request's deadline");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new SfmcTimeoutException("Interrupted while waiting for SFMC", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new SfmcMalformedResponseException("SFMC call failed: " + e.getCause().getClass().getSimpleName(),
                    e.getCause());
        }
    }

    private RetrieveResponseMsg invoke(RetrieveRequestMsg request, Header header) {
        BindingProvider provider = (BindingProvider) port;
        Map<String, Object> requestContext = provider.getRequestContext();
        requestContext.put(Header.HEADER_LIST, List.of(header));
        try {
            return port.retrieve(request);
        } catch (WebServiceException | org.apache.cxf.interceptor.Fault e) {
            SfmcErrors.ServerFault fault = SfmcErrors.serverFault(e);
            if (fault != null && fault.isAuthentication()) {
                throw new AuthenticationRejected(fault.faultString());
            }
            Integer status = responseCode(provider);
            if (fault == null && status != null && status == 401) {
                throw new AuthenticationRejected("HTTP 401");
            }
            throw SfmcErrors.classify(e, status);
        }
    }

    private static Integer responseCode(BindingProvider provider) {
        try {
            Object code = provider.getResponseContext().get(Message.RESPONSE_CODE);
            return code instanceof Integer i ? i : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static RetrieveResponseMsg checked(RetrieveResponseMsg response) {
        if (response == null || response.getOverallStatus() == null) {
            throw new SfmcMalformedResponseException("SFMC response has no RetrieveResponseMsg/OverallStatus", null);
        }
        String status = response.getOverallStatus().strip();
        if (OK.equals(status) || MORE_DATA_AVAILABLE.equals(status)) {
            return response;
        }
        throw new SfmcRequestRejectedException(status);
    }

    /** Internal signal: the credential was refused (the message is SFMC's fault string, never the token). */
    private static final class AuthenticationRejected extends RuntimeException {
        AuthenticationRejected(String message) {
            super(message, null, false, false);
        }
    }

    private static void validate(SfmcCredentials credentials) {
        if (credentials.soapBaseUri() == null) {
            throw new IllegalArgumentException("SFMC soapBaseUri is required");
        }
        if (credentials.usesOAuth()) {
            if (credentials.clientSecret() == null || credentials.authBaseUri() == null) {
                throw new IllegalArgumentException("SFMC OAuth2 needs clientId, clientSecret and authBaseUri");
            }
        } else if (credentials.username() == null || credentials.password() == null) {
            throw new IllegalArgumentException("SFMC needs either clientId/clientSecret or username/password");
        }
    }

    /** {@code {soapBaseUri}Service.asmx}, unless the URI already names an .asmx endpoint. */
    static String endpoint(URI soapBaseUri) {
        String base = soapBaseUri.toString();
        if (base.toLowerCase(Locale.ROOT).endsWith(".asmx")) {
            return base;
        }
        return (base.endsWith("/") ? base : base + "/") + "Service.asmx";
    }

    private static Bus newBus() {
        Bus bus = new ExtensionManagerBus();
        // CXF 4 defaults to the java.net.http conduit; the URLConnection one starts faster and needs no threads.
        bus.setProperty(FORCE_URLCONNECTION, Boolean.TRUE);
        bus.setExtension(new UrlConnectionConduitFactory(), HTTPConduitFactory.class);
        return bus;
    }

    private static Soap newPort(Bus bus, String address, SfmcClientSettings settings) {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(Soap.class);
        factory.setServiceName(new QName(NAMESPACE, "PartnerAPI"));
        factory.setEndpointName(new QName(NAMESPACE, "Soap"));
        factory.setAddress(address);
        Map<String, Object> properties = new HashMap<>(XML_LIMITS);
        properties.put(SET_JAXB_VALIDATION_EVENT_HANDLER, Boolean.FALSE);
        properties.put(FORCE_URLCONNECTION, Boolean.TRUE);
        // Every failure is rethrown as a typed SfmcException; CXF's own WARNING + stack trace would only add noise.
        properties.put(FaultListener.class.getName(), (FaultListener) (exception, description, message) -> false);
        factory.setProperties(properties);
        Soap port = (Soap) factory.create();
        if (ClientProxy.getClient(port).getEndpoint().getService().getDataBinding() instanceof JAXBDataBinding jaxb) {
            jaxbContext = jaxb.getContext();
            jaxbClasses = jaxb.getContextClasses();
        }

        Map<String, Object> requestContext = ((BindingProvider) port).getRequestContext();
        requestContext.put(SET_JAXB_VALIDATION_EVENT_HANDLER, Boolean.FALSE);
        // Per-thread request contexts: the auth header is set per call.
        requestContext.put("thread.local.request.context", "true");

        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(settings.connectTimeout().toMillis());
        policy.setReceiveTimeout(settings.receiveTimeout().toMillis());
        policy.setAllowChunking(false);
        policy.setAutoRedirect(false);
        ((HTTPConduit) ClientProxy.getClient(port).getConduit()).setClient(policy);
        return port;
    }

    /** Creates the plain HttpURLConnection conduit (what {@code force.urlconnection.http.conduit} asks for). */
    private static final class UrlConnectionConduitFactory implements HTTPConduitFactory {
        @Override
        public HTTPConduit createConduit(HTTPTransportFactory factory, Bus bus, EndpointInfo endpointInfo,
                                         EndpointReferenceType target) throws IOException {
            return new URLConnectionHTTPConduit(bus, endpointInfo, target);
        }
    }
}
