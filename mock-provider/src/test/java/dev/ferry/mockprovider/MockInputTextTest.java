package dev.ferry.mockprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.serde.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockInputTextTest {

    private final ObjectMapper mapper = Json.newMapper();

    @Test
    void shouldUseAStringInputAsIs() throws Exception {
        assertEquals("hello there", MockInputText.of(mapper.readTree("\"hello there\"")));
    }

    @Test
    void shouldUseTheLastUserMessageOfAnArrayInput() throws Exception {
        String input = "[{\"role\":\"user\",\"content\":\"first\"},"
                + "{\"role\":\"assistant\",\"content\":\"reply\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":["
                + "{\"type\":\"input_text\",\"text\":\"second\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"http://x\"},"
                + "{\"type\":\"input_text\",\"text\":\"question\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"ignored\"}]";

        assertEquals("second question", MockInputText.of(mapper.readTree(input)));
    }

    @Test
    void shouldTreatMissingInputAsEmpty() {
        assertEquals("", MockInputText.of(null));
    }

    @Test
    void shouldCutTextIntoWordDeltasThatJoinBackToTheText() {
        String text = "Echo: one  two\nthree ";

        List<String> deltas = MockInputText.deltas(text);

        assertEquals(List.of("Echo:", " one", "  two", "\nthree "), deltas);
        assertEquals(text, String.join("", deltas));
        assertEquals(4, MockInputText.wordCount(text));
    }
}
