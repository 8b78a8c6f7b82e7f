package com.sendsummary.sfmc;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;

/**
 * Manual probe (not a test), run by {@code make bench} in a new JVM per sample: milliseconds from JVM start to the
 * first Send returned by an SFMC endpoint (the simulator), with OAuth2 client credentials.
 * {@code java -cp functions/target/functions.jar:functions/target/test-classes com.sendsummary.sfmc.FirstSendProbe
 * <baseUri> <clientId> <clientSecret> <accountId> <jobId>}; prints one line {@code first-send-ms=<n>}.
 */
public final class FirstSendProbe {
    private FirstSendProbe() {
    }

    public static void main(String[] args) {
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        SfmcCredentials credentials = new SfmcCredentials(args[1], args[2], base, base.resolve("Service.asmx"),
                Long.parseLong(args[3]), null, null);
        try (SfmcSoapClient client = new SfmcSoapClient(credentials,
                new SfmcClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), 2500))) {
            SendRecord send = client.retrieveSend(Integer.parseInt(args[4]), null).orElseThrow();
            long elapsed = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("first-send-ms=" + elapsed + " jobId=" + send.jobId());
        }
    }
}
