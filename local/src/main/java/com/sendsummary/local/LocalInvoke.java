package com.sendsummary.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code make invoke FUNCTION=http|refresh|worker EVENT=events/x.json}: one invoke of one function with an event file,
 * like {@code sam local invoke -e}. The response payload goes to stdout, everything else (function logs, what
 * was started) to stderr. Exit code 0 when the function answered, 1 when it failed or could not be run.
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: LocalInvoke <http|refresh|worker> <event.json>");
            System.exit(2);
        }
        String function = args[0];
        Path event = Path.of(args[1]);
        if (!Files.isRegularFile(event)) {
            System.err.println("Event file not found: " + event.toAbsolutePath());
            System.exit(2);
        }
        int exitCode;
        try (LocalEnvironment environment = LocalEnvironment.builder()
                .sfmcFromEnvironment(System.getenv())
                .echoLogsTo(System.err)
                .start()) {
            Invocation invocation = environment.emulator(function).invoke(event);
            System.out.println(invocation.body());
            System.err.printf("[local] %s answered in %d ms%s%n", function, invocation.elapsed().toMillis(),
                    invocation.functionError() ? " with a function error" : "");
            exitCode = invocation.functionError() ? 1 : 0;
        } catch (RuntimeException e) {
            System.err.println("[local] " + e.getMessage());
            exitCode = 1;
        }
        System.exit(exitCode);
    }
}
