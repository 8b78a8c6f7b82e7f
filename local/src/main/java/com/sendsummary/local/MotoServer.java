package com.sendsummary.local;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * moto in server mode on a free loopback port: one endpoint serving every AWS service the project touches locally
 * (DynamoDB incl. TTL, Secrets Manager, EventBridge, SQS, S3). Run through {@code scripts/moto_server.py}, which serves
 * DynamoDB calls one at a time: moto alone does not apply a conditional write atomically, DynamoDB does.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final ManagedProcess process;
    private final URI endpoint;

    private MotoServer(ManagedProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto and returns once it answers HTTP. */
    public static MotoServer start(ProjectLayout layout, Logs logs) {
        ProjectLayout.requireFile(layout.motoServer(),
                "run scripts/bootstrap.sh (or: python3 -m venv .venv && .venv/bin/pip install 'moto[server]')");
        int port = FreePort.next();
        ManagedProcess process = ManagedProcess.start("moto",
                List.of(layout.venvPython().toString(), layout.motoLauncher().toString(),
                        "-H", "127.0.0.1", "-p", Integer.toString(port)),
                layout.root(), Map.of(), true, logs, line -> { });
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try {
            Readiness.awaitHttpOk(process, endpoint.resolve("/moto-api/data.json"), STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new MotoServer(process, endpoint);
    }

    /** The value for {@code AWS_ENDPOINT_URL} / SDK {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
