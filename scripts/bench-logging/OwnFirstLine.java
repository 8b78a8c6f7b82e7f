import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.summary.Json;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import com.sendsummary.telemetry.Metrics;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The project's first request line and metrics in a fresh JVM; prints the microseconds they took. */
public class OwnFirstLine {
    public static void main(String[] args) throws Exception {
        LambdaLogger sink = new LambdaLogger() {
            @Override public void log(String message) { }
            @Override public void log(byte[] message) { }
        };
        Warmup.whatTheHandlerLoadedAlready(Json.MAPPER);
        long started = System.nanoTime();
        Invocation invocation = Invocation.start("request-1");
        invocation.cache("hit");
        invocation.field("jobId", 910001);
        ObjectNode line = Log.fields().put("route", "GET /sends/{jobId}/summary").put("status", 200)
                .put("sfmcCalls", invocation.sfmcCalls()).put("coldStart", invocation.coldStart());
        invocation.fields().forEach((name, value) -> line.set(name, Json.MAPPER.valueToTree(value)));
        Log.write(sink, LogLevel.INFO, "request", line);
        Metrics.emit(invocation, null, sink);
        System.out.println((System.nanoTime() - started) / 1000);
    }
}
