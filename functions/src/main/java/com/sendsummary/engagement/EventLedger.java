package com.sendsummary.engagement;

import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * A multiset of 64-bit event identities: what an incremental pass has already counted, so that re-reading an overlap
 * window counts each event once ({@link #consume} an identity before counting the event again; a genuine duplicate
 * row, same identity twice, is recorded twice and consumed twice).
 *
 * <p>{@link #identity} is the first 64 bits of MurmurHash3 (x64, 128-bit) over the type, SubscriberKey, EventDate in
 * epoch milliseconds and, for clicks, the URLID (else the URL). Two distinct events share an identity with probability
 * 2⁻⁶⁴ each; among n distinct events the chance of any collision is about n²/2⁶⁵: 2.7·10⁻⁸ for 1,000,000 events. A
 * collision makes one event look counted already, so it is at worst one event missed.
 *
 * <p>Memory: an open-addressing table of primitive longs (linear probing, a power of two of slots at most 3/4 full:
 * 10.7 to 21.3 bytes per distinct identity, 16 MB for 1,000,000, 24 MB while it doubles), plus a second small table
 * (12 bytes a slot) only for identities recorded more than once. Serialised ({@link #toBytes()}): the sorted
 * identities as deltas, about 6.8 bytes each. Not thread-safe.
 */
public final class EventLedger {
    private static final int MAGIC = 0x5353454C;   // "SSEL": send-summary event ledger
    private static final int VERSION = 1;
    private static final String WHAT = "event ledger";
    private static final long SEED = 0x53534C4544474552L;
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;

    /** Distinct nonzero identities; 0 marks an empty slot (identity 0 is counted in {@link #zeros}). */
    private long[] slots = new long[MIN_CAPACITY];
    private int distinct;
    private long zeros;
    /** Occurrences beyond the first, of the identities recorded more than once. */
    private long[] extraIds = new long[MIN_CAPACITY];
    private int[] extraCounts = new int[MIN_CAPACITY];
    private int extraDistinct;
    private long size;

    /** The identity of an event, for {@link #record} and {@link #consume}. */
    public static long identity(TrackingEvent event) {
        byte[] type = event.type().name().getBytes(StandardCharsets.US_ASCII);
        byte[] subscriber = utf8(event.subscriberKey());
        byte[] url = event.type() == TrackingEventType.CLICK && event.urlId() == null ? utf8(event.url()) : null;
        ByteBuffer bytes = ByteBuffer.allocate(4 + type.length + 4 + length(subscriber) + 9 + 5 + 4 + length(url));
        bytes.putInt(type.length).put(type);
        putBytes(bytes, subscriber);
        bytes.put((byte) (event.eventDate() == null ? 0 : 1));
        bytes.putLong(event.eventDate() == null ? 0 : event.eventDate().toEpochMilli());
        if (event.type() == TrackingEventType.CLICK) {
            if (event.urlId() != null) {
                bytes.put((byte) 1).putInt(event.urlId());
            } else {
                bytes.put((byte) 2);
                putBytes(bytes, url);
            }
        }
        return MurmurHash3.hash(Arrays.copyOf(bytes.array(), bytes.position()), SEED)[0];
    }

    /** Adds one occurrence of {@code id}. */
    public void record(long id) {
        add(id, 1);
    }

    /** Removes one occurrence of {@code id}; true if there was one. */
    public boolean consume(long id) {
        if (id == 0) {
            if (zeros == 0) {
                return false;
            }
            zeros--;
            size--;
            return true;
        }
        if (extraDistinct > 0) {
            int extra = indexOf(extraIds, id);
            if (extra >= 0) {
                if (--extraCounts[extra] == 0) {
                    removeAt(extraIds, extraCounts, extra);
                    extraDistinct--;
                }
                size--;
                return true;
            }
        }
        int index = indexOf(slots, id);
        if (index < 0) {
            return false;
        }
        removeAt(slots, null, index);
        distinct--;
        size--;
        return true;
    }

    /** Occurrences recorded and not consumed, multiples included. */
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Distinct identities held. */
    public int distinct() {
        return distinct + (zeros > 0 ? 1 : 0);
    }

    /** Heap held by the tables, in bytes (object headers aside). */
    long tableBytes() {
        return slots.length * 8L + extraIds.length * 8L + extraCounts.length * 4L;
    }

    /** Adds every occurrence held by {@code other} (which is unchanged). */
    public void merge(EventLedger other) {
        EventLedger source = other == this ? fromBytes(toBytes()) : other;
        ensureCapacity(distinct + source.distinct);
        for (long id : source.slots) {
            if (id != 0) {
                add(id, 1);
            }
        }
        for (int i = 0; i < source.extraIds.length; i++) {
            if (source.extraIds[i] != 0) {
                add(source.extraIds[i], source.extraCounts[i]);
            }
        }
        zeros += source.zeros;
        size += source.zeros;
    }

    /**
     * This ledger in a compact, versioned binary form for {@link #fromBytes}: a header ({@code SSEL}, version 1, an
     * encoding byte), then the distinct identities sorted, as unsigned LEB128 deltas, then the multiples.
     */
    public byte[] toBytes() {
        long[] ids = new long[distinct];
        int n = 0;
        for (long id : slots) {
            if (id != 0) {
                ids[n++] = id;
            }
        }
        Arrays.sort(ids);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + distinct * 7);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            BinaryFormat.writeVarLong(out, distinct);
            for (int i = 0; i < ids.length; i++) {
                if (i == 0) {
                    out.writeLong(ids[0]);
                } else {
                    BinaryFormat.writeVarLong(out, ids[i] - ids[i - 1]);
                }
            }
            BinaryFormat.writeVarLong(out, extraDistinct);
            for (int i = 0; i < extraIds.length; i++) {
                if (extraIds[i] != 0) {
                    out.writeLong(extraIds[i]);
                    BinaryFormat.writeVarLong(out, extraCounts[i]);
                }
            }
            BinaryFormat.writeVarLong(out, zeros);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Random identities do not compress: deflating would cost time for nothing.
        return BinaryFormat.frame(MAGIC, VERSION, bytes.toByteArray(), false);
    }

    /**
     * The ledger {@link #toBytes()} wrote. Allocates at most about 22 bytes of table per input byte.
     *
     * @throws IllegalArgumentException if {@code bytes} are not such a ledger (garbage, truncated, another version)
     */
    public static EventLedger fromBytes(byte[] bytes) {
        try (DataInputStream in = BinaryFormat.unframe(bytes, MAGIC, VERSION, WHAT)) {
            EventLedger ledger = new EventLedger();
            long count = BinaryFormat.readVarLong(in);
            // Each identity takes at least one byte (the first eight): a larger count is garbage, checked before
            // the table is sized for it.
            if (count < 0 || count > in.available() || count > MAX_CAPACITY / 2) {
                throw new IOException("bad number of identities " + count);
            }
            ledger.ensureCapacity((int) count);
            long previous = 0;
            for (long i = 0; i < count; i++) {
                long id;
                if (i == 0) {
                    id = in.readLong();
                } else {
                    long delta = BinaryFormat.readVarLong(in);
                    if (delta == 0 || Long.compareUnsigned(delta, Long.MAX_VALUE - previous) > 0) {
                        throw new IOException("identities out of order");
                    }
                    id = previous + delta;
                }
                if (id == 0) {
                    throw new IOException("identity 0 in the table");
                }
                ledger.insert(id);
                previous = id;
            }
            long multiples = BinaryFormat.readVarLong(in);
            if (multiples < 0 || multiples > count || multiples > in.available()) {
                throw new IOException("bad number of multiples " + multiples);
            }
            for (long i = 0; i < multiples; i++) {
                long id = in.readLong();
                long extra = BinaryFormat.readVarLong(in);
                if (extra < 1 || extra > Integer.MAX_VALUE || indexOf(ledger.slots, id) < 0
                        || (ledger.extraDistinct > 0 && indexOf(ledger.extraIds, id) >= 0)) {
                    throw new IOException("bad multiple");
                }
                ledger.addExtra(id, (int) extra);
                ledger.size += extra;
            }
            long zeros = BinaryFormat.readVarLong(in);
            if (zeros < 0) {
                throw new IOException("bad count of identity 0");
            }
            ledger.zeros = zeros;
            ledger.size += zeros;
            BinaryFormat.requireEnd(in, WHAT);
            return ledger;
        } catch (IOException e) {
            throw BinaryFormat.truncatedOrInvalid(e, WHAT);
        }
    }

    private void add(long id, int occurrences) {
        if (id == 0) {
            zeros += occurrences;
            size += occurrences;
            return;
        }
        int more = occurrences;
        if (indexOf(slots, id) < 0) {
            insert(id);
            more--;
        }
        if (more > 0) {
            addExtra(id, more);
            size += more;
        }
    }

    /** Puts a nonzero identity not yet held into the table; counts one occurrence. */
    private void insert(long id) {
        ensureCapacity(distinct + 1);
        int index = indexOf(slots, id);
        slots[-index - 1] = id;
        distinct++;
        size++;
    }

    private void addExtra(long id, int occurrences) {
        int index = indexOf(extraIds, id);
        if (index >= 0) {
            extraCounts[index] = Math.addExact(extraCounts[index], occurrences);
            return;
        }
        if ((extraDistinct + 1) * 4L > extraIds.length * 3L) {
            long[] oldIds = extraIds;
            int[] oldCounts = extraCounts;
            extraIds = new long[oldIds.length * 2];
            extraCounts = new int[oldIds.length * 2];
            for (int i = 0; i < oldIds.length; i++) {
                if (oldIds[i] != 0) {
                    int free = -indexOf(extraIds, oldIds[i]) - 1;
                    extraIds[free] = oldIds[i];
                    extraCounts[free] = oldCounts[i];
                }
            }
            index = indexOf(extraIds, id);
        }
        extraIds[-index - 1] = id;
        extraCounts[-index - 1] = occurrences;
        extraDistinct++;
    }

    private void ensureCapacity(int entries) {
        if (entries * 4L <= slots.length * 3L) {
            return;
        }
        int capacity = slots.length;
        while (entries * 4L > capacity * 3L) {
            if (capacity == MAX_CAPACITY) {
                throw new IllegalStateException("EventLedger is full");
            }
            capacity *= 2;
        }
        long[] old = slots;
        slots = new long[capacity];
        for (long id : old) {
            if (id != 0) {
                slots[-indexOf(slots, id) - 1] = id;
            }
        }
    }

    /** The slot holding {@code id}, or {@code -(free slot) - 1} where it would go. */
    private static int indexOf(long[] table, long id) {
        int mask = table.length - 1;
        int index = home(id, mask);
        while (true) {
            long held = table[index];
            if (held == id) {
                return index;
            }
            if (held == 0) {
                return -index - 1;
            }
            index = (index + 1) & mask;
        }
    }

    // Backward-shift deletion: no tombstones, so lookups never slow down after many consumes.
    private static void removeAt(long[] table, int[] values, int index) {
        int mask = table.length - 1;
        int hole = index;
        int next = index;
        while (true) {
            next = (next + 1) & mask;
            long id = table[next];
            if (id == 0) {
                break;
            }
            int home = home(id, mask);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                table[hole] = id;
                if (values != null) {
                    values[hole] = values[next];
                }
                hole = next;
            }
        }
        table[hole] = 0;
        if (values != null) {
            values[hole] = 0;
        }
    }

    // MurmurHash3's fmix64: callers may record small or patterned ids, not only hashes.
    private static int home(long id, int mask) {
        long h = id;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void putBytes(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }
}
