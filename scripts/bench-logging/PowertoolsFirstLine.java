import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** The same line and metrics through Powertools Logging (Log4j2, JSON layout) and Metrics; prints microseconds. */
public class PowertoolsFirstLine {
    public static void main(String[] args) throws Exception {
        Warmup.whatTheHandlerLoadedAlready(new ObjectMapper());
        long started = System.nanoTime();
        Logger log = LoggerFactory.getLogger(PowertoolsFirstLine.class);
        log.info("request", entry("route", "GET /sends/{jobId}/summary"), entry("status", 200), entry("jobId", 910001),
                entry("sfmcCalls", 0), entry("coldStart", true));
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.addMetric("CacheHits", 1, MetricUnit.COUNT);
        metrics.addMetric("Requests", 1, MetricUnit.COUNT);
        metrics.flush();
        System.err.println((System.nanoTime() - started) / 1000);
    }
}
