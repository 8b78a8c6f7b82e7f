package com.sendsummary.engagement;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.apache.datasketches.theta.CompactThetaSketch;
import org.apache.datasketches.theta.ThetaSketch;

/**
 * The framing shared by {@link EngagementState} and {@link EventLedger}: a 4-byte magic, a version byte, an encoding
 * byte (0 plain, 1 deflated: zlib, gzip's algorithm with a checksum and a definite end) and the body, written with
 * {@link DataOutputStream}. Reading validates every length against the bytes that remain before allocating, caps an
 * inflated body at {@value #MAX_BODY_BYTES} bytes and refuses bytes after the end, so garbage is refused with
 * {@link IllegalArgumentException} instead of exhausting the heap.
 */
final class BinaryFormat {
    static final int MAX_BODY_BYTES = 64 << 20;
    private static final int HEADER_BYTES = 6;
    private static final byte PLAIN = 0;
    private static final byte DEFLATE = 1;

    private BinaryFormat() {
    }

    /** The body behind the header; if {@code tryDeflate}, deflated when that saves at least a tenth. */
    static byte[] frame(int magic, int version, byte[] body, boolean tryDeflate) {
        byte[] deflated = tryDeflate ? deflate(body) : body;
        boolean compress = tryDeflate && deflated.length < body.length - body.length / 10;
        byte[] payload = compress ? deflated : body;
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES + payload.length);
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeInt(magic);
            data.writeByte(version);
            data.writeByte(compress ? DEFLATE : PLAIN);
            data.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body of {@code bytes}, which must start with this magic and version. */
    static DataInputStream unframe(byte[] bytes, int magic, int version, String what) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("Not a serialised " + what + ": too short");
        }
        int actualMagic = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8)
                | (bytes[3] & 0xff);
        if (actualMagic != magic) {
            throw new IllegalArgumentException("Not a serialised " + what + ": wrong magic");
        }
        if (bytes[4] != version) {
            throw new IllegalArgumentException("Serialised " + what + " of version " + bytes[4] + "; this code reads "
                    + version);
        }
        byte[] body = switch (bytes[5]) {
            case PLAIN -> java.util.Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
            case DEFLATE -> inflate(bytes, what);
            default -> throw new IllegalArgumentException("Serialised " + what + " with unknown encoding " + bytes[5]);
        };
        return new DataInputStream(new ByteArrayInputStream(body));
    }

    /** Refuses bytes left over after the body was read. */
    static void requireEnd(DataInputStream in, String what) throws IOException {
        if (in.available() != 0) {
            throw new IllegalArgumentException("Serialised " + what + " has " + in.available() + " trailing bytes");
        }
    }

    static IllegalArgumentException truncatedOrInvalid(IOException e, String what) {
        String reason = e instanceof EOFException ? "truncated" : e.getMessage();
        return new IllegalArgumentException("Serialised " + what + " is unreadable: " + reason, e);
    }

    static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        return new String(readBytes(in, length), StandardCharsets.UTF_8);
    }

    static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    static Instant readInstant(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long seconds = in.readLong();
        int nanos = in.readInt();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw new IOException("instant out of range", e);
        }
    }

    /** A sketch in DataSketches' compact form (compressed when ordered and non-trivial). */
    static void writeSketch(DataOutputStream out, CompactThetaSketch sketch) throws IOException {
        byte[] bytes = sketch.isOrdered() ? sketch.toByteArrayCompressed() : sketch.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static ThetaSketch readSketch(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in, in.readInt());
        try {
            return CompactThetaSketch.heapify(MemorySegment.ofArray(bytes));
        } catch (RuntimeException e) {
            throw new IOException("invalid sketch: " + e.getMessage(), e);
        }
    }

    static long readNonNegativeLong(DataInputStream in) throws IOException {
        long value = in.readLong();
        if (value < 0) {
            throw new IOException("negative count " + value);
        }
        return value;
    }

    /** Unsigned LEB128: 1 byte below 128, at most 10. */
    static void writeVarLong(DataOutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readVarLong(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && b > 1) {
                    break;
                }
                return value;
            }
        }
        throw new IOException("malformed varint");
    }

    private static byte[] readBytes(DataInputStream in, int length) throws IOException {
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " exceeds the " + in.available() + " bytes left");
        }
        return in.readNBytes(length);
    }

    private static byte[] deflate(byte[] body) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] bytes, String what) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
            // Grown as it inflates (never sized from the input), up to the cap.
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(MAX_BODY_BYTES, bytes.length * 4L));
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished()) {
                    throw new IllegalArgumentException("Serialised " + what + " is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new IllegalArgumentException("Serialised " + what + " expands beyond " + MAX_BODY_BYTES
                            + " bytes");
                }
            }
            if (inflater.getRemaining() != 0) {
                throw new IllegalArgumentException("Serialised " + what + " has " + inflater.getRemaining()
                        + " trailing bytes");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Serialised " + what + " is not valid deflate data: " + e.getMessage(),
                    e);
        } finally {
            inflater.end();
        }
    }
}
