package io.echotune.ingestion;

import io.echotune.ingestion.imports.parsing.ContentSniffer;
import io.echotune.ingestion.imports.parsing.HistoryFileReader;
import io.echotune.ingestion.imports.parsing.PlayNormaliser;
import io.echotune.ingestion.imports.parsing.RecordSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark, by hand: the parse rate (reading, validating and normalising, with ids and play keys) over every real
 * export, from memory so that the disk does not count. Speed is a benchmark figure (docs/benchmarks.md), never a
 * test verdict: {@code ./mvnw -f ingestion-service/pom.xml test -Dtest=ParseRateBenchmarkTest -Dbench=true}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ParseRateBenchmarkTest {

    @Test
    void parsingTheRealExportsIsFast() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String[] person : new String[][] {{"extended", "efrrowini"}, {"extended", "primoscope"},
                {"basic", "anferben"}, {"basic", "bjayesh47"}, {"basic", "jonas-mika"}}) {
            files.addAll(ImportFixtures.streamingFiles(person[0], person[1]));
        }
        List<byte[]> contents = files.stream().map(ImportFixtures::bytes).toList();
        long expected = ImportFixtures.expected(files).read();
        long[] counted = new long[1];
        RecordSink sink = new RecordSink() {
            @Override
            public void accepted(io.echotune.ingestion.history.ListeningRecord record) {
                counted[0]++;
            }

            @Override
            public void rejected(long recordNumber, String reason) {
                counted[0]++;
            }
        };
        double best = 0;
        for (int round = 0; round < 8; round++) {
            counted[0] = 0;
            long started = System.nanoTime();
            for (int i = 0; i < files.size(); i++) {
                String name = files.get(i).getFileName().toString();
                byte[] content = contents.get(i);
                var verdict = ContentSniffer.sniff(() -> new ByteArrayInputStream(content), name);
                PlayNormaliser normaliser = new PlayNormaliser("rate-user", verdict.format(),
                        ContentSniffer.isVideoFile(name), 86_400_000L, Long.MAX_VALUE, ParsingTest.DEFAULT_LIMITS);
                HistoryFileReader.read(new ByteArrayInputStream(content), verdict.format(), ParsingTest.MAX_VALUE_CHARS,
                        normaliser, sink);
            }
            double rate = counted[0] * 1e9 / (System.nanoTime() - started);
            best = Math.max(best, rate);
            assertEquals(expected, counted[0]);
        }
        System.out.printf("Parse rate over %d real records: %.0f records/s (best of 8 rounds)%n", expected, best);
    }
}
