package io.echotune.insights.repository;

import io.echotune.insights.ListeningSnapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of a {@link ListeningSnapshot}: one byte stream, deflated and cut into chunks small enough for a
 * MongoDB document. Layout (format {@value #FORMAT}), all integers unsigned LEB128 varints, signed ones zig-zagged:
 * <pre>
 *   records, variants, reasons, strings
 *   strings  x (utf-8 length, bytes)                          every distinct name, key, uri and reason once
 *   variants x (trackKey, trackUri, trackName, artistName)    string refs, 0 = null, n = strings[n - 1]
 *   reasons  x (string ref)
 *   column startedAt   (first value, then deltas; records are in start order, so deltas are >= 0)
 *   column playedAt - startedAt - msPlayed   (zig-zag; 0 unless the store had its own start)
 *   column msPlayed    (zig-zag)
 *   column variant
 *   column reasonEnd   (0 = none, n = reasons[n - 1])
 *   column skipped     (one byte: unknown, false, true)
 * </pre>
 * Columns one after the other compress far better than records: start deltas, offsets and flags repeat a lot.
 * Deflate's Adler-32 trailer catches a damaged or mixed-up chunk.
 */
public final class SnapshotCodec {

    /** Raised whenever the layout changes; stored snapshots of another format are rebuilt, never misread. */
    public static final int FORMAT = 1;

    /** Deflated bytes per chunk document, well under MongoDB's 16 MiB document limit. */
    static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private SnapshotCodec() {
    }

    /** The deflated chunks and the length of the raw stream (needed to inflate it in one allocation). */
    public record Encoded(List<byte[]> chunks, int rawBytes) {
    }

    public static Encoded encode(ListeningSnapshot snapshot) {
        return encode(snapshot, CHUNK_BYTES);
    }

    static Encoded encode(ListeningSnapshot snapshot, int chunkBytes) {
        byte[] raw = serialise(snapshot);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            List<byte[]> chunks = new ArrayList<>();
            byte[] chunk = new byte[chunkBytes];
            int filled = 0;
            while (!deflater.finished()) {
                filled += deflater.deflate(chunk, filled, chunk.length - filled);
                if (filled == chunk.length) {
                    chunks.add(chunk);
                    chunk = new byte[chunkBytes];
                    filled = 0;
                }
            }
            if (filled > 0 || chunks.isEmpty()) {
                chunks.add(Arrays.copyOf(chunk, filled));
            }
            return new Encoded(chunks, raw.length);
        } finally {
            deflater.end();
        }
    }

    /**
     * The snapshot of the chunks, in order.
     *
     * @throws IllegalArgumentException when the chunks do not inflate to exactly {@code rawBytes} of a valid stream
     */
    public static ListeningSnapshot decode(List<byte[]> chunks, int rawBytes) {
        byte[] raw = new byte[rawBytes];
        Inflater inflater = new Inflater();
        try {
            int filled = 0;
            for (byte[] chunk : chunks) {
                inflater.setInput(chunk);
                while (!inflater.needsInput() && !inflater.finished()) {
                    int n = inflater.inflate(raw, filled, raw.length - filled);
                    filled += n;
                    if (n == 0 && filled == raw.length && !inflater.finished()) {
                        throw new IllegalArgumentException("snapshot inflates to more than " + rawBytes + " bytes");
                    }
                }
            }
            if (!inflater.finished() || filled != rawBytes) {
                throw new IllegalArgumentException("snapshot chunks are incomplete");
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("snapshot chunks are damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        try {
            return deserialise(new Reader(raw));
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("snapshot stream is truncated", e);
        }
    }

    private static byte[] serialise(ListeningSnapshot s) {
        int records = s.records();
        int variants = s.variants();
        String[] reasons = s.reasons();

        Map<String, Integer> stringIds = new HashMap<>();
        List<String> strings = new ArrayList<>();
        int[] variantRefs = new int[variants * 4];
        for (int v = 0; v < variants; v++) {
            variantRefs[v * 4] = ref(s.variantTrackKey(v), stringIds, strings);
            variantRefs[v * 4 + 1] = ref(s.variantTrackUri(v), stringIds, strings);
            variantRefs[v * 4 + 2] = ref(s.variantTrackName(v), stringIds, strings);
            variantRefs[v * 4 + 3] = ref(s.variantArtistName(v), stringIds, strings);
        }
        int[] reasonRefs = new int[reasons.length];
        for (int r = 0; r < reasons.length; r++) {
            reasonRefs[r] = ref(reasons[r], stringIds, strings);
        }

        Writer out = new Writer(records * 12 + variants * 48 + 64);
        out.varint(records);
        out.varint(variants);
        out.varint(reasons.length);
        out.varint(strings.size());
        for (String string : strings) {
            byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
            out.varint(utf8.length);
            out.bytes(utf8);
        }
        for (int ref : variantRefs) {
            out.varint(ref);
        }
        for (int ref : reasonRefs) {
            out.varint(ref);
        }
        long previous = 0;
        for (int i = 0; i < records; i++) {
            out.signed(s.startedAt(i) - previous);
            previous = s.startedAt(i);
        }
        for (int i = 0; i < records; i++) {
            out.signed(s.playedAt(i) - s.startedAt(i) - s.msPlayed(i));
        }
        for (int i = 0; i < records; i++) {
            out.signed(s.msPlayed(i));
        }
        for (int i = 0; i < records; i++) {
            out.varint(s.variant(i));
        }
        for (int i = 0; i < records; i++) {
            out.varint(s.reasonEnd(i) + 1);
        }
        for (int i = 0; i < records; i++) {
            out.oneByte(s.skipped(i));
        }
        return out.toByteArray();
    }

    private static int ref(String value, Map<String, Integer> ids, List<String> strings) {
        if (value == null) {
            return 0;
        }
        return ids.computeIfAbsent(value, v -> {
            strings.add(v);
            return strings.size() - 1;
        }) + 1;
    }

    private static ListeningSnapshot deserialise(Reader in) {
        int records = in.count();
        int variants = in.count();
        int reasonCount = in.count();
        int stringCount = in.count();
        // Every record takes at least 6 bytes, every variant 4, every string 1: reject absurd counts before allocating.
        in.requireAtLeast((long) records * 6 + (long) variants * 4 + reasonCount + stringCount);
        String[] strings = new String[stringCount];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = in.string(in.count());
        }
        String[] keys = new String[variants];
        String[] uris = new String[variants];
        String[] names = new String[variants];
        String[] artists = new String[variants];
        for (int v = 0; v < variants; v++) {
            keys[v] = string(strings, in.count());
            uris[v] = string(strings, in.count());
            names[v] = string(strings, in.count());
            artists[v] = string(strings, in.count());
        }
        String[] reasons = new String[reasonCount];
        for (int r = 0; r < reasonCount; r++) {
            reasons[r] = string(strings, in.count());
        }
        long[] startedAt = new long[records];
        long[] playedAt = new long[records];
        long[] msPlayed = new long[records];
        int[] variant = new int[records];
        int[] reasonEnd = new int[records];
        byte[] skipped = new byte[records];
        long previous = 0;
        for (int i = 0; i < records; i++) {
            previous += in.signed();
            startedAt[i] = previous;
        }
        for (int i = 0; i < records; i++) {
            playedAt[i] = in.signed();   // completed below, once msPlayed is known
        }
        for (int i = 0; i < records; i++) {
            msPlayed[i] = in.signed();
            playedAt[i] += startedAt[i] + msPlayed[i];
        }
        for (int i = 0; i < records; i++) {
            variant[i] = in.count();
        }
        for (int i = 0; i < records; i++) {
            reasonEnd[i] = in.count() - 1;
        }
        for (int i = 0; i < records; i++) {
            skipped[i] = in.oneByte();
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("snapshot stream has trailing bytes");
        }
        return new ListeningSnapshot(startedAt, playedAt, msPlayed, variant, reasonEnd, skipped, keys, uris, names,
                artists, reasons);
    }

    private static String string(String[] strings, int ref) {
        if (ref < 0 || ref > strings.length) {
            throw new IllegalArgumentException("string reference " + ref + " outside the table");
        }
        return ref == 0 ? null : strings[ref - 1];
    }

    /** A growing byte buffer with varint writers. */
    private static final class Writer {
        private byte[] buffer;
        private int size;

        Writer(int capacity) {
            buffer = new byte[Math.max(capacity, 64)];
        }

        void varint(long value) {
            ensure(10);
            long v = value;
            while ((v & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer[size++] = (byte) v;
        }

        void signed(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        void oneByte(byte value) {
            ensure(1);
            buffer[size++] = value;
        }

        void bytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static final class Reader {
        private final byte[] buffer;
        private int position;

        Reader(byte[] buffer) {
            this.buffer = buffer;
        }

        long varint() {
            long value = 0;
            int shift = 0;
            while (true) {
                byte b = buffer[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalArgumentException("varint too long at " + position);
                }
            }
        }

        /** A varint that is a count or an index: must fit a non-negative int. */
        int count() {
            long value = varint();
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("count out of range at " + position);
            }
            return (int) value;
        }

        long signed() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        byte oneByte() {
            return buffer[position++];
        }

        String string(int length) {
            String value = new String(buffer, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        void requireAtLeast(long bytes) {
            if (bytes > buffer.length - position) {
                throw new IllegalArgumentException("snapshot counts exceed its " + buffer.length + " bytes");
            }
        }

        boolean atEnd() {
            return position == buffer.length;
        }
    }
}
