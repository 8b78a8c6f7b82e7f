import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** What a handler has loaded before its first log line anyway: Jackson writing a map, lambdas, getenv, java.time. */
final class Warmup {
    static void whatTheHandlerLoadedAlready(ObjectMapper mapper) throws Exception {
        mapper.writeValueAsBytes(mapper.valueToTree(Map.of("jobId", 1, "name", "x")));
        Instant.now().toString();
        Runnable runnable = () -> { };
        runnable.run();
        Function<String, Integer> length = String::length;
        length.apply("x");
        System.getenv("PATH");
        new TreeMap<String, String>().put("a", "b");
    }
}
