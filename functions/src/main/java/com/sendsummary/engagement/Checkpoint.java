package com.sendsummary.engagement;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What a pass carries between invocations: the state counted so far, the identities of the previous pass's overlap
 * not yet met again ({@code previous}: an event found there was counted already and is skipped once), and the
 * identities of the events of this pass's own overlap ({@code next}: the next pass's {@code previous}). The state of
 * a completed pass is its final checkpoint.
 */
final class Checkpoint {
    private static final int MAGIC = 0x53534331;   // "SSC1"
    /** The largest part accepted when reading a checkpoint back: far above any real one, far below the heap. */
    private static final int MAX_PART_BYTES = 256 * 1024 * 1024;

    final EngagementState state;
    final EventLedger previous;
    final EventLedger next;

    private Checkpoint(EngagementState state, EventLedger previous, EventLedger next) {
        this.state = state;
        this.previous = previous;
        this.next = next;
    }

    /** The start of a full pass. */
    static Checkpoint empty(Instant timelineStart) {
        return new Checkpoint(EngagementState.empty(timelineStart), new EventLedger(), new EventLedger());
    }

    /** The start of an incremental pass from a completed one: its state, and its overlap to be met again. */
    static Checkpoint after(Checkpoint done) {
        return new Checkpoint(done.state, done.next, new EventLedger());
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            for (byte[] part : new byte[][] {state.toBytes(), previous.toBytes(), next.toBytes()}) {
                out.writeInt(part.length);
                out.write(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a checkpoint of this version */
    static Checkpoint fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("Not an engagement checkpoint of this version");
            }
            EngagementState state = EngagementState.fromBytes(part(in, bytes.length));
            EventLedger previous = EventLedger.fromBytes(part(in, bytes.length));
            EventLedger next = EventLedger.fromBytes(part(in, bytes.length));
            return new Checkpoint(state, previous, next);
        } catch (IOException e) {
            throw new IllegalArgumentException("A truncated engagement checkpoint", e);
        }
    }

    private static byte[] part(DataInputStream in, int total) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > Math.min(total, MAX_PART_BYTES)) {
            throw new IllegalArgumentException("A corrupt engagement checkpoint");
        }
        return in.readNBytes(length);
    }
}
