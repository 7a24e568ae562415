package io.echotune.insights.repository;

import io.echotune.insights.ListeningSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotCodecTest {

    /** Records in start order with every awkward value: nulls, non-ASCII names, pre-1970 times, odd offsets. */
    static ListeningSnapshot createDefaultSnapshot(int records) {
        Random random = new Random(7);
        String[] keys = {"spotify:track:4uLU6hMCjMI75M1A2tKUQC", "name:björk|jóga", null, "spotify:track:7GhIk7Il098yCjg4BQjzvb"};
        String[] uris = {"spotify:track:4uLU6hMCjMI75M1A2tKUQC", null, null, "spotify:track:7GhIk7Il098yCjg4BQjzvb"};
        String[] names = {"Fight Song", "Jóga", null, "Ünïcødé 🎵"};
        String[] artists = {"Rachel Platten", "Björk", "Nobody", null};
        String[] reasons = {"trackdone", "fwdbtn", "endplay"};
        long[] startedAt = new long[records];
        long[] playedAt = new long[records];
        long[] msPlayed = new long[records];
        int[] variant = new int[records];
        int[] reasonEnd = new int[records];
        byte[] skipped = new byte[records];
        long start = -86_400_000L * 400;   // 1968
        for (int i = 0; i < records; i++) {
            start += random.nextInt(3) == 0 ? 0 : random.nextInt(10_000_000);
            startedAt[i] = start;
            msPlayed[i] = random.nextInt(400_000);
            playedAt[i] = start + msPlayed[i] + (random.nextInt(10) == 0 ? random.nextInt(2_000) - 1_000 : 0);
            if (i > 0 && startedAt[i] == startedAt[i - 1]) {
                playedAt[i] = Math.max(playedAt[i], playedAt[i - 1]);   // equal starts stay ordered by end
            }
            variant[i] = random.nextInt(keys.length);
            reasonEnd[i] = random.nextInt(reasons.length + 1) - 1;
            skipped[i] = (byte) random.nextInt(3);
        }
        return new ListeningSnapshot(startedAt, playedAt, msPlayed, variant, reasonEnd, skipped, keys, uris, names,
                artists, reasons);
    }

    @Test
    void aSnapshotReadsBackExactly() {
        ListeningSnapshot snapshot = createDefaultSnapshot(20_000);
        SnapshotCodec.Encoded encoded = SnapshotCodec.encode(snapshot);
        assertEquals(1, encoded.chunks().size());
        assertEquals(snapshot, SnapshotCodec.decode(encoded.chunks(), encoded.rawBytes()));
    }

    @Test
    void aLargeSnapshotIsCutIntoChunksThatReadBackInOrder() {
        ListeningSnapshot snapshot = createDefaultSnapshot(20_000);
        SnapshotCodec.Encoded encoded = SnapshotCodec.encode(snapshot, 4_096);
        assertTrue(encoded.chunks().size() > 3, "expected several chunks, got " + encoded.chunks().size());
        assertEquals(snapshot, SnapshotCodec.decode(encoded.chunks(), encoded.rawBytes()));
    }

    @Test
    void anEmptyHistoryIsASnapshotToo() {
        ListeningSnapshot empty = new ListeningSnapshot(new long[0], new long[0], new long[0], new int[0], new int[0],
                new byte[0], new String[0], new String[0], new String[0], new String[0], new String[0]);
        SnapshotCodec.Encoded encoded = SnapshotCodec.encode(empty);
        assertEquals(empty, SnapshotCodec.decode(encoded.chunks(), encoded.rawBytes()));
    }

    @Test
    void missingReorderedOrDamagedChunksAreRejectedNotMisread() {
        SnapshotCodec.Encoded encoded = SnapshotCodec.encode(createDefaultSnapshot(20_000), 4_096);
        List<byte[]> chunks = encoded.chunks();

        List<byte[]> missing = new ArrayList<>(chunks.subList(0, chunks.size() - 1));
        assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.decode(missing, encoded.rawBytes()));

        List<byte[]> swapped = new ArrayList<>(chunks);
        swapped.set(1, chunks.get(2));
        swapped.set(2, chunks.get(1));
        assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.decode(swapped, encoded.rawBytes()));

        List<byte[]> flipped = new ArrayList<>(chunks);
        byte[] damaged = chunks.get(1).clone();
        damaged[100] ^= 0x5A;
        flipped.set(1, damaged);
        assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.decode(flipped, encoded.rawBytes()));

        assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.decode(chunks, encoded.rawBytes() - 1));
    }
}
