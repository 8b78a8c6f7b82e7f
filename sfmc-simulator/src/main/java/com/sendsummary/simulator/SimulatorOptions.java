package com.sendsummary.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start the simulator.
 *
 * @param host     interface to bind, default {@code 127.0.0.1}
 * @param port     TCP port, 0 = any free port
 * @param data     data file path or {@code classpath:<resource>}, default the bundled demo data
 * @param tokenTtl lifetime of issued access tokens, default 1200 s
 * @param pageSize rows per Retrieve page, default 2500 (a smaller Options/BatchSize wins)
 */
public record SimulatorOptions(String host, int port, String data, Duration tokenTtl, int pageSize) {

    public static final String DEMO_DATA = "classpath:demo-data.json";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofSeconds(1200);
    public static final int DEFAULT_PAGE_SIZE = 2500;

    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("tokenTtl must be positive");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
    }

    /** Demo data on 127.0.0.1, any free port. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(DEFAULT_HOST, 0, DEMO_DATA, DEFAULT_TOKEN_TTL, DEFAULT_PAGE_SIZE);
    }

    public SimulatorOptions withHost(String newHost) {
        return new SimulatorOptions(newHost, port, data, tokenTtl, pageSize);
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(host, newPort, data, tokenTtl, pageSize);
    }

    public SimulatorOptions withData(String newData) {
        return new SimulatorOptions(host, port, newData, tokenTtl, pageSize);
    }

    public SimulatorOptions withTokenTtl(Duration newTokenTtl) {
        return new SimulatorOptions(host, port, data, newTokenTtl, pageSize);
    }

    public SimulatorOptions withPageSize(int newPageSize) {
        return new SimulatorOptions(host, port, data, tokenTtl, newPageSize);
    }
}
