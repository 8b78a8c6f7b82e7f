package com.sendsummary.local.testhandler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-only handler that answers with an API Gateway payload 2.0 response whose body echoes the event it received,
 * the Lambda environment it saw and the JVM options it was started with.
 *
 * <p>Deliberately free of dependencies other than aws-lambda-java-core (which the runtime provides), so the
 * emulator can run it from a tiny jar. Events containing {@code "fail":true} make it throw, to exercise the
 * function-error path.
 */
public final class EchoHandler implements RequestStreamHandler {

    private static final List<String> ECHOED_VARIABLES = List.of(
            "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_TIMEOUT",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_RUNTIME_API", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT",
            "_HANDLER", "TZ", "SUMMARY_TABLE", "SFMC_SECRET_ID", "CURSOR_KEY_SECRET_ID", "REFRESH_EVENT_BUS_ARN",
            "SUMMARY_TTL_RECENT_SECONDS", "ECHO_EXTRA");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (event.replace(" ", "").contains("\"fail\":true")) {
            throw new IllegalStateException("echo handler asked to fail");
        }
        context.getLogger().log("echo handler invoked, request " + context.getAwsRequestId());

        Map<String, String> env = new TreeMap<>();
        for (String name : ECHOED_VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        String body = "{\"event\":" + event
                + ",\"env\":" + toJson(env)
                + ",\"functionName\":" + quote(context.getFunctionName())
                + ",\"memoryLimitInMB\":" + context.getMemoryLimitInMB()
                + ",\"maxHeapBytes\":" + Runtime.getRuntime().maxMemory()
                + ",\"jvmArguments\":" + toJson(ManagementFactory.getRuntimeMXBean().getInputArguments())
                + ",\"userDir\":" + quote(System.getProperty("user.dir"))
                + ",\"classLoader\":" + quote(EchoHandler.class.getClassLoader().getClass().getName())
                + "}";
        String response = "{\"statusCode\":200"
                + ",\"headers\":{\"content-type\":\"application/json\",\"x-echo\":\"yes\"}"
                + ",\"cookies\":[\"echo=1; Path=/\"]"
                + ",\"body\":" + quote(body)
                + ",\"isBase64Encoded\":false}";
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }

    private static String toJson(Map<String, String> map) {
        StringBuilder json = new StringBuilder("{");
        map.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append(quote(key)).append(':')
                .append(quote(value)));
        return json.append('}').toString();
    }

    private static String toJson(List<String> values) {
        StringBuilder json = new StringBuilder("[");
        values.forEach(value -> json.append(json.length() > 1 ? "," : "").append(quote(value)));
        return json.append(']').toString();
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
