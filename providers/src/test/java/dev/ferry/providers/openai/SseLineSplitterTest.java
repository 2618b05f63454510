package dev.ferry.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLineSplitterTest {

    private final SseLineSplitter splitter = new SseLineSplitter();

    private List<String> feed(String... chunks) {
        List<String> lines = new ArrayList<>();
        for (String chunk : chunks) {
            splitter.feed(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
            for (String line = splitter.next(); line != null; line = splitter.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void shouldEndLinesAtLineFeedsCarriageReturnsAndBoth() {
        assertEquals(List.of("a", "b", "c", "", "d"), feed("a\nb\r\nc\r\rd\n"));
    }

    @Test
    void shouldNotMakeAnEmptyLineOfACarriageReturnAndLineFeedInTwoChunks() {
        assertEquals(List.of("event: x", "data: 1", ""), feed("event: x\r", "\ndata: 1\r\n", "\r\n"));
    }

    @Test
    void shouldJoinALineAndACharacterSplitAcrossChunks() {
        byte[] euro = "data: €\n".getBytes(StandardCharsets.UTF_8);
        splitter.feed(ByteBuffer.wrap(euro, 0, 7));
        assertNull(splitter.next());
        splitter.feed(ByteBuffer.wrap(euro, 7, euro.length - 7));

        assertEquals("data: €", splitter.next());
    }

    @Test
    void shouldGiveTheLastLineWithoutALineBreakAtTheEnd() {
        assertEquals(List.of("data: 1"), feed("data: 1\ndata: 2"));

        assertEquals("data: 2", splitter.rest());
        assertNull(splitter.rest());
    }

    @Test
    void shouldHoldLinesLongerThanItsFirstBuffer() {
        String longLine = "data: " + "x".repeat(5_000);

        assertEquals(List.of(longLine), feed(longLine.substring(0, 3_000), longLine.substring(3_000) + "\n"));
    }
}
