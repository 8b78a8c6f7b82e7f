package com.sendsummary.simulator.faults;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP-level fault actions shared by the token endpoint and the SOAP endpoint. */
public final class HttpFaults {

    private static final long DEFAULT_DELAY_MILLIS = 1000;
    private static final long DEFAULT_TRICKLE_DELAY_MILLIS = 200;
    private static final int DEFAULT_CHUNK_BYTES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(HttpFaults.class);

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

    /**
     * The {@code trickle} action: writes a complete, correct response slowly. Status line and headers (with the exact
     * Content-Length, so no chunked encoding) go out at once; then each piece of {@code chunkBytes} bytes (default
     * {@value #DEFAULT_CHUNK_BYTES}) is sent and flushed after a pause of {@code delayMillis} (default
     * {@value #DEFAULT_TRICKLE_DELAY_MILLIS}), so the body takes ceil(length / chunkBytes) * delayMillis while no
     * single read waits longer than one pause. A client that goes away ends the writing quietly.
     */
    public static void trickle(HttpServletResponse response, int status, String contentType, byte[] body,
                               FaultRule rule) throws IOException {
        int chunk = rule.chunkBytes() == null ? DEFAULT_CHUNK_BYTES : rule.chunkBytes();
        long pause = Math.max(0, rule.delayMillis() == null ? DEFAULT_TRICKLE_DELAY_MILLIS : rule.delayMillis());
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        int written = 0;
        try {
            ServletOutputStream out = response.getOutputStream();
            response.flushBuffer();
            while (written < body.length) {
                Thread.sleep(pause);
                int length = Math.min(chunk, body.length - written);
                out.write(body, written, length);
                out.flush();
                written += length;
            }
        } catch (IOException e) {
            // The client closed the connection (or timed out): nothing left to do but stop writing.
            LOG.debug("Trickle stopped after {} of {} bytes: {}", written, body.length, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("Trickle interrupted after {} of {} bytes (simulator stopping)", written, body.length);
        }
    }

    /**
     * The {@code oversized} action: writes {@code body} at full speed without a Content-Length (chunked, or up to the
     * end of the connection when the client asked to close it), so the client cannot refuse it up front and must
     * count what it reads. A client that hangs up, as one with size limits does, ends the writing; the bytes written
     * are logged either way.
     */
    public static void oversized(HttpServletResponse response, int status, String contentType, GeneratedBody body)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        CountingStream out = new CountingStream(response.getOutputStream());
        try {
            body.writeTo(out);
            out.flush();
            LOG.info("Oversized answer written whole: {} bytes", out.count);
        } catch (IOException e) {
            LOG.info("Oversized answer stopped after {} of {} bytes: the client hung up", out.count, body.length());
        }
    }

    /** Counts what reaches the client's connection. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
