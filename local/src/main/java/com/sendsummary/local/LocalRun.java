package com.sendsummary.local;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make run}: the whole stack locally (like {@code sam local start-api}) until Ctrl-C.
 *
 * <p>Environment: {@code LOCAL_API_PORT} (default 3000); {@code SFMC_AUTH_BASE_URL}, {@code SFMC_SOAP_BASE_URL},
 * {@code SFMC_CLIENT_ID}, {@code SFMC_CLIENT_SECRET}, {@code SFMC_ACCOUNT_ID} to use a real SFMC instead of the
 * simulator.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("LOCAL_API_PORT", "3000"));
        PrintStream out = System.out;
        LocalEnvironment environment = LocalEnvironment.builder()
                .withApi(port)
                // The demo sends, and sends 990001 (1.5 million events: engagement computed by the worker) and 990002.
                .simulatorArguments(List.of("--data", "classpath:demo-data.json,classpath:large-send.json"))
                .sfmcFromEnvironment(env)
                // A rebuild by another command (make invoke, make test) must not change the classes under the stack.
                .imageOfBuild()
                .echoLogsTo(out)
                .progressTo(out)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("[local] stopping...");
            environment.close();
            stopped.countDown();
        }, "local-run-stop"));
        printBanner(environment, out);
        stopped.await();
    }

    private static void printBanner(LocalEnvironment environment, PrintStream out) {
        URI api = environment.apiBaseUri();
        out.println();
        out.println("Local send-summary stack is up (Ctrl-C stops everything):");
        out.println("  HTTP API        " + api);
        environment.api().routes().forEach(route -> out.println("                  " + route.method() + " "
                + route.pathTemplate() + " -> " + route.function()));
        out.println("  contract        " + api + LocalApi.OPENAPI_PATH + "   (OpenAPI 3.1, docs/openapi.yaml)");
        environment.emulators().values().forEach(emulator -> out.println("  function " + pad(emulator.name())
                + emulator.function().handler() + "  (invoke: " + emulator.invokeUri() + ")"));
        out.println("  moto (AWS)      " + environment.awsEndpoint() + "   table " + environment.table().name()
                + ", secret " + environment.secretArn() + ", bus " + AwsResources.DEFAULT_EVENT_BUS);
        environment.simulatorProcess().ifPresentOrElse(
                simulator -> out.println("  SFMC simulator  " + simulator.baseUri() + "   (admin: "
                        + simulator.baseUri() + "/admin/requests)"),
                () -> out.println("  SFMC            " + environment.sfmcSecret().soapBaseUri() + " (external)"));
        out.println("  logs            " + environment.layout().logDirectory());
        out.println();
        out.println("Try:");
        out.println("  curl -s " + api + "/sends/910001/summary                    # parent BU, completed");
        out.println("  curl -s -i " + api + "/sends/910001/summary -H 'If-None-Match: <ETag>'  # 304 while unchanged");
        out.println("  curl -s '" + api + "/sends/910002/summary?clientId=100002'  # child BU 100002");
        out.println("  curl -s " + api + "/sends/910003/summary                    # still tracking");
        out.println("  curl -s '" + api + "/sends/910001/summary?refresh=true'     # bypass the cache");
        out.println("  curl -s -i " + api + "/sends/999999/summary                 # 404 unknown JobID");
        out.println("  curl -s -i " + api + "/sends/abc/summary                    # 400 bad JobID");
        out.println("  curl -s '" + api + "/sends/910001/events?type=click&limit=3'  # events, paged (nextCursor)");
        out.println("  curl -s " + api + "/sends/910001/engagement                 # totals, bounces, top URLs");
        out.println("  curl -s '" + api + "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z'  # sends in a window");
        out.println("  curl -s -X POST " + api + "/sends/summaries -d '{\"jobIds\":[910001,910003,999999]}'  # batch");
        out.println("  make invoke FUNCTION=refresh EVENT=events/eventbridge-send-completed.json");
        out.println();
    }

    private static String pad(String name) {
        return String.format("%-8s", name);
    }
}
