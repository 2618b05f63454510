package dev.ferry.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Counting does work linear in the input: the encoder only ever sees chunks of bounded length, so its cost per chunk
 * is bounded and the number of chunks grows with the input's length. Measured in chunks and characters, not time.
 */
class ChunkedCountingTest {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    private static final int MAX = TokenCounter.CHUNK_CHARS;

    private static String repeat(String unit, int chars) {
        StringBuilder text = new StringBuilder(chars);
        while (text.length() < chars) {
            text.append(unit);
        }
        text.setLength(chars);
        return text.toString();
    }

    private static ObjectNode request(String input) {
        return JsonNodeFactory.instance.objectNode().put("model", "gpt-4o").put("input", input);
    }

    private static List<Integer> workFor(String input) {
        RecordingEncoding encoding = new RecordingEncoding(O200K);
        new TokenCounter(type -> encoding, new TextChunks(MAX)).count("openai", "gpt-4o", request(input));
        return encoding.countedLengths();
    }

    @ParameterizedTest(name = "runs of \"{0}\"")
    @ValueSource(strings = {" ", "a", "7", "!", "\n", "汉", "ab ", "The quick brown fox. "})
    void shouldHandTheEncoderOnlyBoundedChunksWhoseNumberGrowsLinearly(String unit) {
        List<Integer> single = workFor(repeat(unit, 500_000));
        List<Integer> twice = workFor(repeat(unit, 1_000_000));

        for (List<Integer> work : List.of(single, twice)) {
            assertTrue(work.stream().allMatch(length -> length <= MAX), "a chunk over " + MAX + " characters");
        }
        assertEquals(500_000 + "user".length(), single.stream().mapToInt(Integer::intValue).sum());
        assertEquals(1_000_000 + "user".length(), twice.stream().mapToInt(Integer::intValue).sum());
        assertTrue(single.size() <= 2 + 500_000 / (MAX / 2), single.size() + " chunks for 500000 characters");
        assertTrue(twice.size() <= 2 * single.size(), twice.size() + " chunks for twice the input, "
                + single.size() + " for it once");
    }

    @Test
    void shouldCountLongOrdinaryTextExactlyAsTheWholeTextCounts() {
        String prose = repeat("Ferry's gateway counts tokens (locally) for 3 model families; it's quick: "
                + "«naïve café» 12,345.67 — 汉字测试，文本。\n\tTabs, URLs https://example.com/a?b=c&d=e.\n", 300_000);
        for (EncodingType type : List.of(EncodingType.O200K_BASE, EncodingType.CL100K_BASE)) {
            Encoding encoding = REGISTRY.getEncoding(type);

            int chunked = new ChunkedEncoder(encoding, new TextChunks(MAX), () -> { }).count(prose);

            assertEquals(encoding.countTokensOrdinary(prose), chunked, type.getName());
        }
    }

    /** Text with no word end for a whole chunk is cut at the limit; each such cut moves the count by 3 at most. */
    @ParameterizedTest(name = "runs of \"{0}\"")
    @ValueSource(strings = {" ", "a", "1", "!", "\n", " \t", "abcdefghij", "=-+*/", "😀", "QUJDREVGR0hJSktMTU5P"})
    void shouldStayWithinThreeTokensPerForcedCutOfTheWholeTextsCount(String unit) {
        String text = repeat(unit, 100_000);
        for (EncodingType type : List.of(EncodingType.O200K_BASE, EncodingType.CL100K_BASE)) {
            Encoding encoding = REGISTRY.getEncoding(type);
            RecordingEncoding recording = new RecordingEncoding(encoding);

            int chunked = new ChunkedEncoder(recording, new TextChunks(MAX), () -> { }).count(text);

            int cuts = recording.countedLengths().size() - 1;
            int whole = encoding.countTokensOrdinary(text);
            assertTrue(Math.abs(chunked - whole) <= 3 * cuts,
                    type.getName() + ": " + chunked + " in chunks, " + whole + " whole, " + cuts + " cuts");
        }
    }

    @Test
    void shouldRunTheCheckpointBetweenChunksAndStopCountingWhenItThrows() {
        RecordingEncoding encoding = new RecordingEncoding(O200K);
        AtomicInteger checkpoints = new AtomicInteger();
        List<Integer> countedWhenStopped = new ArrayList<>();
        Runnable checkpoint = () -> {
            if (checkpoints.incrementAndGet() == 10) {
                countedWhenStopped.add(encoding.countedLengths().size());
                throw new IllegalStateException("the client is gone");
            }
        };
        JsonNode request = request(repeat(" ", 1_000_000));

        assertThrows(IllegalStateException.class, () ->
                new TokenCounter(type -> encoding, new TextChunks(MAX)).count("openai", "gpt-4o", request, checkpoint));

        assertEquals(List.of(encoding.countedLengths().size()), countedWhenStopped, "encoded on after the stop");
        int encoded = encoding.countedLengths().stream().mapToInt(Integer::intValue).sum();
        assertTrue(encoded <= 10 * 2 * MAX, encoded + " characters encoded before the 10th checkpoint");
    }
}
