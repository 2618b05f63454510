package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the text a Responses request asks about, and cuts text into the word-sized pieces the mock streams. */
final class MockInputText {

    private static final int PIECE_CHARS = 16;
    private static final Pattern WORD = Pattern.compile("\\S+");
    /** A word with the whitespace before it, plus any whitespace that ends the text. */
    private static final Pattern DELTA = Pattern.compile("\\s*\\S+(?:\\s+\\z)?");

    private MockInputText() {
    }

    /**
     * The text to echo: {@code input} itself when it is a string; for an array, the text of the last user message
     * (its string content, or its {@code input_text} parts joined by spaces); otherwise empty.
     */
    static String of(JsonNode input) {
        if (input == null || input.isNull()) {
            return "";
        }
        if (input.isTextual()) {
            return input.asText();
        }
        if (!input.isArray()) {
            return "";
        }
        for (int i = input.size() - 1; i >= 0; i--) {
            JsonNode item = input.get(i);
            boolean message = !item.has("type") || "message".equals(item.path("type").asText());
            if (message && "user".equals(item.path("role").asText())) {
                return contentText(item.get("content"));
            }
        }
        return "";
    }

    /** True when the input carries a tool result ({@code function_call_output} item). */
    static boolean hasFunctionCallOutput(JsonNode input) {
        return lastFunctionCallOutput(input).isPresent();
    }

    /** The {@code output} of the input's last {@code function_call_output} item, if any. */
    static Optional<String> lastFunctionCallOutput(JsonNode input) {
        if (input == null || !input.isArray()) {
            return Optional.empty();
        }
        for (int i = input.size() - 1; i >= 0; i--) {
            JsonNode item = input.get(i);
            if ("function_call_output".equals(item.path("type").asText())) {
                JsonNode output = item.path("output");
                return Optional.of(output.isTextual() ? output.asText() : output.toString());
            }
        }
        return Optional.empty();
    }

    static int wordCount(String text) {
        Matcher matcher = WORD.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** Pieces of at most {@value #PIECE_CHARS} characters that concatenate back to {@code text}. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < text.length(); start += PIECE_CHARS) {
            pieces.add(text.substring(start, Math.min(text.length(), start + PIECE_CHARS)));
        }
        return pieces;
    }

    /** Pieces that concatenate back to {@code text}: each word with the whitespace before it. */
    static List<String> deltas(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = DELTA.matcher(text);
        while (matcher.find()) {
            pieces.add(matcher.group());
        }
        if (pieces.isEmpty() && !text.isEmpty()) {
            pieces.add(text);
        }
        return pieces;
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if ("input_text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                parts.add(part.get("text").asText());
            }
        }
        return String.join(" ", parts);
    }
}
