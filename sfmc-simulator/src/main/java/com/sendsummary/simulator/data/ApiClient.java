package com.sendsummary.simulator.data;

/** An installed-package API integration (OAuth2 client credentials) and the BU its tokens default to. */
public record ApiClient(String clientId, String clientSecret, int defaultMid) {

    @Override
    public String toString() {
        return "ApiClient[clientId=" + clientId + ", defaultMid=" + defaultMid + "]";
    }
}
