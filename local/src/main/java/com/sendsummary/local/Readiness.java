package com.sendsummary.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a freshly started child until it answers, failing fast (with its last output) if it dies first. */
final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

    private Readiness() {
    }

    static void awaitHttpOk(ManagedProcess process, URI uri, Duration timeout) {
        await(process, timeout, "GET " + uri + " answering 200", () -> {
            try {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + process.name(), e);
            }
        });
    }

    static void awaitPortOpen(ManagedProcess process, String host, int port, Duration timeout) {
        await(process, timeout, "port " + host + ":" + port + " accepting connections", () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    static void await(ManagedProcess process, Duration timeout, String what, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited before " + what + ". Last output:\n"
                        + String.join("\n", process.recentOutput()) + "\n(full log: " + process.logFile() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(process.name() + " not ready after " + timeout + " (" + what
                        + "); see " + process.logFile());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + process.name(), e);
            }
        }
    }
}
