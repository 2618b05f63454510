package dev.ferry.batch.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    private static List<JsonLines.Line> split(String text, int maxLineBytes) {
        List<JsonLines.Line> lines = new ArrayList<>();
        new JsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLineBytes)
                .forEachRemaining(lines::add);
        return lines;
    }

    private static String text(JsonLines.Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldSplitOnNewlinesKeepingTheFilesLineNumbers() {
        List<JsonLines.Line> lines = split("{\"a\":1}\r\n\n{\"b\":2}\n", 100);

        assertEquals(3, lines.size());
        assertEquals("{\"a\":1}", text(lines.get(0)));
        assertTrue(lines.get(1).blank());
        assertEquals(3, lines.get(2).number());
        assertEquals("{\"b\":2}", text(lines.get(2)));
    }

    @Test
    void shouldReturnALastLineWithoutANewline() {
        List<JsonLines.Line> lines = split("one\ntwo", 100);

        assertEquals(List.of("one", "two"), lines.stream().map(JsonLinesTest::text).toList());
    }

    @Test
    void shouldReportATooLongLineWithoutKeepingItAndGoOn() {
        List<JsonLines.Line> lines = split("x".repeat(300_000) + "\nshort\n", 1000);

        assertTrue(lines.get(0).tooLong());
        assertFalse(lines.get(1).tooLong());
        assertEquals("short", text(lines.get(1)));
        assertEquals(2, lines.get(1).number());
    }

    @Test
    void shouldReadAStreamThatArrivesAFewBytesAtATime() {
        byte[] bytes = "alpha\nbeta\ngamma\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        List<String> lines = new ArrayList<>();
        new JsonLines(trickle, 100).forEachRemaining(line -> lines.add(text(line)));

        assertEquals(List.of("alpha", "beta", "gamma"), lines);
    }
}
