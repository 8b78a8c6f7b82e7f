package com.sendsummary.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.logging.Level;

/**
 * Command line: {@code java -jar sfmc-simulator.jar [--port 0] [--host 127.0.0.1] [--data classpath:demo-data.json]
 * [--token-ttl-seconds 1200] [--page-size 2500]}. Prints one line {@code SFMC simulator listening on <url>} to stdout
 * when ready; everything else goes to stderr.
 */
public final class Main {

    // Held so the level setting is not lost when the logger is garbage collected.
    private static final java.util.logging.Logger CXF_LOGGER = java.util.logging.Logger.getLogger("org.apache.cxf");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        configureLogging();
        SimulatorOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sfmc-simulator: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options == null) {
            usage(System.out);
            return;
        }
        SfmcSimulator simulator;
        try {
            simulator = SfmcSimulator.start(options);
        } catch (RuntimeException e) {
            System.err.println("sfmc-simulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "sfmc-simulator-shutdown"));
        String url = simulator.baseUri().toString().replaceAll("/$", "");
        System.out.println("SFMC simulator listening on " + url);
        System.out.flush();
        simulator.join();
    }

    /** Null when help was asked for. */
    static SimulatorOptions parse(String[] args) {
        SimulatorOptions options = SimulatorOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                value = args[++i];
            }
            options = switch (name) {
                case "--port" -> options.withPort(number(name, value));
                case "--host" -> options.withHost(value);
                case "--data" -> options.withData(value);
                case "--token-ttl-seconds" -> options.withTokenTtl(Duration.ofSeconds(number(name, value)));
                case "--page-size" -> options.withPageSize(number(name, value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            };
        }
        return options;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                Usage: java -jar sfmc-simulator.jar [options]
                  --port N                 TCP port, 0 = any free port (default 0)
                  --host HOST              interface to bind (default 127.0.0.1)
                  --data FILE|classpath:R  data file (default classpath:demo-data.json)
                  --token-ttl-seconds N    access token lifetime (default 1200)
                  --page-size N            rows per Retrieve page (default 2500)""");
    }

    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.cxf", "warn");
        // CXF logs every SOAP fault it sends with a stack trace; faults are normal answers here.
        setDefault("org.slf4j.simpleLogger.log.org.apache.cxf.phase.PhaseInterceptorChain", "error");
        CXF_LOGGER.setLevel(Level.WARNING);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
