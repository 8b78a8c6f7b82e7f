package com.sendsummary.sfmc;

import java.util.function.Supplier;

/**
 * The container's one {@link SfmcSoapClient}, built on first use (a cache hit never pays for it) and rebuilt only
 * when the credentials from the secret change.
 */
public final class SfmcClientProvider implements Supplier<SfmcSoapClient>, AutoCloseable {
    private final Supplier<SfmcCredentials> credentials;
    private final SfmcClientSettings settings;
    private SfmcCredentials clientCredentials;
    private SfmcSoapClient client;

    public SfmcClientProvider(Supplier<SfmcCredentials> credentials, SfmcClientSettings settings) {
        this.credentials = credentials;
        this.settings = settings;
    }

    @Override
    public synchronized SfmcSoapClient get() {
        SfmcCredentials current = credentials.get();
        if (client == null || !current.equals(clientCredentials)) {
            // The old client is dropped, not closed: requests of other threads (batch fan-out) may still be using it.
            client = new SfmcSoapClient(current, settings);
            clientCredentials = current;
        }
        return client;
    }

    /** Closes the current client, if one was built (priming's provider; a container's own is never closed). */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
            clientCredentials = null;
        }
    }
}
