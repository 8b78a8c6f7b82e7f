package com.sendsummary.simulator.faults;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The HTTP-level fault actions shared by the token endpoint and the SOAP endpoint. */
public final class HttpFaults {

    private static final long DEFAULT_DELAY_MILLIS = 1000;

    private HttpFaults() {
    }

    public static void delay(FaultRule rule) {
        long millis = rule.delayMillis() == null ? DEFAULT_DELAY_MILLIS : rule.delayMillis();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What SFMC answers while it throttles an account: HTTP 500 with an HTML page, no SOAP envelope. */
    public static void throttled(HttpServletResponse response, FaultRule rule) throws IOException {
        String message = rule.message() == null ? "The server is temporarily unable to service your request."
                : rule.message();
        String html = "<!DOCTYPE html><html><head><title>500 - Internal server error.</title></head><body>"
                + "<h1>Server Error</h1><h2>500 - Internal server error.</h2><p>" + escape(message)
                + "</p></body></html>";
        write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8",
                html.getBytes(StandardCharsets.UTF_8));
    }

    /** The first half of a well-formed body: never parses. */
    public static byte[] truncate(byte[] body) {
        return Arrays.copyOf(body, Math.max(1, body.length / 2));
    }

    public static void write(HttpServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.getOutputStream().flush();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
