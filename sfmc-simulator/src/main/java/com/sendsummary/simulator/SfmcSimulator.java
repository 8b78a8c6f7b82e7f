package com.sendsummary.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.simulator.admin.AdminServlet;
import com.sendsummary.simulator.auth.TokenServlet;
import com.sendsummary.simulator.auth.TokenStore;
import com.sendsummary.simulator.data.DataLoader;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.DataStore;
import com.sendsummary.simulator.data.SimulatorJson;
import com.sendsummary.simulator.faults.FaultRule;
import com.sendsummary.simulator.faults.FaultRules;
import com.sendsummary.simulator.soap.BatchWatermarks;
import com.sendsummary.simulator.soap.PagingStore;
import com.sendsummary.simulator.soap.PartnerApiEndpoint;
import com.sendsummary.simulator.soap.RetrieveService;
import com.sendsummary.simulator.soap.SimulatorCxfServlet;
import com.sendsummary.simulator.soap.SoapRequestFilter;
import com.sendsummary.simulator.soap.WsdlSchema;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process SFMC stand-in: OAuth2 token endpoint ({@code POST /v2/token}), SOAP PartnerAPI Retrieve
 * ({@code POST /Service.asmx}) and an admin API ({@code /admin/*}) for counts, fault injection and token expiry.
 *
 * <p>Start with {@link #start(SimulatorOptions)}, point clients at {@link #baseUri()}, {@link #close()} when done.
 */
public final class SfmcSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SfmcSimulator.class);
    private static final String[] SOAP_PATHS = {"/Service.asmx", "/service.asmx"};

    private final Server server;
    private final URI baseUri;
    private final int port;
    private final RequestStats stats;
    private final FaultRules faults;
    private final TokenStore tokens;
    private final Runnable reset;

    private SfmcSimulator(Server server, URI baseUri, int port, RequestStats stats, FaultRules faults,
                          TokenStore tokens, Runnable reset) {
        this.server = server;
        this.baseUri = baseUri;
        this.port = port;
        this.stats = stats;
        this.faults = faults;
        this.tokens = tokens;
        this.reset = reset;
    }

    /**
     * Loads the data, starts the server and returns once it accepts requests.
     *
     * @throws IllegalArgumentException if the data file is invalid
     * @throws IllegalStateException    if the server cannot start (e.g. port in use)
     */
    public static SfmcSimulator start(SimulatorOptions options) {
        long started = System.nanoTime();
        Clock clock = Clock.systemUTC();
        // Relative dates in the data ("now-PT2H") are relative to this instant.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectMapper mapper = SimulatorJson.mapper(now);
        // Data and schema load in the background while CXF builds its service model, the slowest part of start-up.
        CompletableFuture<DataSet> loading =
                CompletableFuture.supplyAsync(() -> DataLoader.load(options.data(), mapper));
        CompletableFuture<WsdlSchema> schema = CompletableFuture.supplyAsync(WsdlSchema::load);
        DataStore data = new DataStore(loading, mapper);

        RequestStats stats = new RequestStats();
        FaultRules faults = new FaultRules();
        TokenStore tokens = new TokenStore(options.tokenTtl(), clock);
        PagingStore paging = new PagingStore(clock);
        BatchWatermarks watermarks = new BatchWatermarks();
        RetrieveService retrieve = new RetrieveService(data, paging, watermarks, options.pageSize());
        Runnable reset = () -> {
            stats.reset();
            faults.clear();
            paging.clear();
            watermarks.clear();
            data.reset();
            LOG.info("Simulator reset: counts, request log, fault rules, paging state and added data cleared");
        };

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("sfmc-simulator");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);

        URI[] baseUri = new URI[1];
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        SoapRequestFilter soapFilter = new SoapRequestFilter(faults, stats, paging, clock);
        ServletHolder cxf = new ServletHolder("cxf", new SimulatorCxfServlet(new PartnerApiEndpoint(retrieve), tokens,
                data, schema::join));
        cxf.setInitOrder(1);
        for (String path : SOAP_PATHS) {
            context.addFilter(new FilterHolder(soapFilter), path, EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(cxf, path);
        }
        context.addServlet(new ServletHolder("token",
                new TokenServlet(data, tokens, faults, stats, mapper, () -> baseUri[0], clock)), "/v2/token");
        context.addServlet(new ServletHolder("admin",
                new AdminServlet(stats, faults, data, tokens::expireAll, reset, mapper)), "/admin/*");
        server.setHandler(context);
        DataSet dataSet;
        try {
            server.start();
            dataSet = loading.join();
            schema.join();
        } catch (CompletionException e) {
            stopQuietly(server);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Cannot start the SFMC simulator on " + options.host() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
        faults.add(dataSet.faults());
        int port = connector.getLocalPort();
        baseUri[0] = URI.create("http://" + options.host() + ":" + port + "/");
        LOG.info("Loaded {} ({} business units, {} sends, {} events); ready in {} ms", options.data(),
                dataSet.businessUnitCount(), dataSet.sends().size(), dataSet.eventCount(),
                (System.nanoTime() - started) / 1_000_000);
        return new SfmcSimulator(server, baseUri[0], port, stats, faults, tokens, reset);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Stopping after a failed start: {}", e.getMessage());
        }
    }

    /** {@code http://127.0.0.1:<port>/}: the auth base, SOAP base ({@code Service.asmx}) and admin base. */
    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return port;
    }

    public RequestCounts requestCounts() {
        return stats.counts();
    }

    /** The last {@value RequestStats#LOG_SIZE} requests, oldest first. */
    public List<RequestSummary> requestLog() {
        return stats.log();
    }

    public void addFault(FaultRule rule) {
        faults.add(List.of(rule));
    }

    public void addFaults(Collection<FaultRule> rules) {
        faults.add(rules);
    }

    public List<FaultRule> faults() {
        return faults.active();
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Expires every issued access token now; returns how many were still valid. */
    public int expireTokens() {
        return tokens.expireAll();
    }

    /** Clears counts, request log, fault rules, paging state and data added through the admin API. */
    public void reset() {
        reset.run();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Error while stopping the SFMC simulator: {}", e.getMessage());
        }
    }
}
