package com.sendsummary.summary;

import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcClientSettings;
import com.sendsummary.sfmc.SfmcCredentials;
import com.sendsummary.sfmc.SfmcSoapClient;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads sends through one {@link SfmcSoapClient} per container, built on first use (a cache hit never pays for it)
 * and rebuilt only when the credentials in the secret change.
 */
public final class SfmcSendSource implements SendSource {
    private final Supplier<SfmcCredentials> credentials;
    private final SfmcClientSettings settings;
    private SfmcCredentials clientCredentials;
    private SfmcSoapClient client;

    public SfmcSendSource(Supplier<SfmcCredentials> credentials, SfmcClientSettings settings) {
        this.credentials = credentials;
        this.settings = settings;
    }

    @Override
    public Optional<SendRecord> fetch(int jobId, Integer clientId) {
        return client().retrieveSend(jobId, clientId);
    }

    synchronized SfmcSoapClient client() {
        SfmcCredentials current = credentials.get();
        if (client == null || !current.equals(clientCredentials)) {
            if (client != null) {
                client.close();
            }
            client = new SfmcSoapClient(current, settings);
            clientCredentials = current;
        }
        return client;
    }
}
