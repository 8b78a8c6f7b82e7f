package com.sendsummary.local;

import java.util.Map;

/** What an HTTP client of the local API sent: method, path with raw query, headers as set, body ("" for none). */
public record ApiRequest(String method, String pathAndQuery, Map<String, String> headers, String body) {

    public ApiRequest {
        headers = Map.copyOf(headers);
    }
}
