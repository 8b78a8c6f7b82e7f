package com.sendsummary.simulator.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A body of any size described in a few bytes: {@code head}, {@code times} x {@code unit}, {@code times} x
 * {@code closingUnit} (the end tags of nested units, else empty), {@code tail}. Written piece by piece, so a
 * gigabyte answer costs the writer one batch of at most about {@value #BATCH_BYTES} bytes (or one unit, if larger).
 */
public record GeneratedBody(byte[] head, byte[] unit, byte[] closingUnit, byte[] tail, long times) {

    static final int BATCH_BYTES = 64 * 1024;

    /** As many units as make the body about {@code sizeBytes} long (at least one). */
    public static GeneratedBody ofSize(String head, String unit, String closingUnit, String tail, long sizeBytes) {
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] unitBytes = unit.getBytes(StandardCharsets.UTF_8);
        byte[] closingBytes = closingUnit.getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        long perUnit = unitBytes.length + closingBytes.length;
        long room = sizeBytes - headBytes.length - tailBytes.length;
        long times = Math.max(1, (room + perUnit - 1) / perUnit);
        return new GeneratedBody(headBytes, unitBytes, closingBytes, tailBytes, times);
    }

    /** The exact length in bytes. */
    public long length() {
        return head.length + times * (unit.length + closingUnit.length) + tail.length;
    }

    /** Writes the whole body; an {@link IOException} of {@code out} (the client hung up) ends it early. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(head);
        repeat(out, unit, times);
        repeat(out, closingUnit, times);
        out.write(tail);
    }

    private static void repeat(OutputStream out, byte[] unit, long times) throws IOException {
        if (unit.length == 0 || times == 0) {
            return;
        }
        int perBatch = (int) Math.max(1, Math.min(times, BATCH_BYTES / unit.length));
        byte[] batch = new byte[perBatch * unit.length];
        for (int i = 0; i < perBatch; i++) {
            System.arraycopy(unit, 0, batch, i * unit.length, unit.length);
        }
        for (long left = times; left > 0; ) {
            int now = (int) Math.min(left, perBatch);
            out.write(batch, 0, now * unit.length);
            left -= now;
        }
    }
}
