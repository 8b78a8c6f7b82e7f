package com.sendsummary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks a loopback port that is free right now (for children that cannot report the port they bound).
 *
 * <p>The port is only probed, not held, so the child binds it a moment later. To keep children started concurrently
 * (e.g. many emulators at once) from being handed the same port, a port given out is not given out again by this
 * JVM until {@value #REMEMBERED} other ports have been. Another process may still take a port in between; callers
 * that cannot tolerate that retry with a new one (see {@link LambdaEmulator}).
 */
final class FreePort {

    private static final int REMEMBERED = 4_096;
    private static final int ATTEMPTS = 100;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Deque<Integer> ORDER = new ArrayDeque<>();

    private FreePort() {
    }

    static int next() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = probe();
            synchronized (HANDED_OUT) {
                if (HANDED_OUT.add(port)) {
                    ORDER.addLast(port);
                    if (ORDER.size() > REMEMBERED) {
                        HANDED_OUT.remove(ORDER.removeFirst());
                    }
                    return port;
                }
            }
        }
        throw new IllegalStateException("No loopback port that was not handed out recently after " + ATTEMPTS
                + " attempts");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
