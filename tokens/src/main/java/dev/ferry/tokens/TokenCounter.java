package dev.ferry.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ferry.core.error.FerryException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Counts the input tokens of a Responses request locally, with OpenAI's own byte-pair encodings (jtokkit).
 *
 * <p>Which encoding: {@code o200k_base} for {@code gpt-4o*}, {@code chatgpt-4o*}, {@code gpt-4.1*}, {@code gpt-4.5*},
 * {@code gpt-5*} and the {@code o1}, {@code o3}, {@code o4} reasoning families; {@code cl100k_base} for {@code gpt-4}
 * (without "o"), {@code gpt-3.5*} (Azure's {@code gpt-35*} too) and {@code text-embedding-*}. Fine-tuned names
 * ({@code ft:gpt-4o-mini:org::id}) count as their base model. This applies to the providers {@code openai} and
 * {@code azure} (whose deployment name must then be an OpenAI model name) and to {@code mock}, which always uses
 * {@code o200k_base} so tests exercise a real tokenizer (the mock provider counts its usage with it too). Any other
 * provider or model is rejected with 400 {@code unsupported_model}; ingress then asks the provider to count.
 *
 * <p>How messages are counted: OpenAI's chat-format convention from its cookbook ("How to count tokens with
 * tiktoken"): every message costs {@value #TOKENS_PER_MESSAGE} tokens of framing plus its role and its text, and the
 * reply is primed with {@value #REPLY_PRIMING} more. A string {@code input} is one user message; {@code instructions}
 * is one system message; a message's text parts ({@code input_text}, {@code output_text}, {@code text},
 * {@code refusal}) are counted one by one. {@code function_call} items count their name and arguments, and
 * {@code function_call_output} items their output, each with the per-message framing but no role. Other items
 * without a role (reasoning, item references) count nothing. Tool definitions are counted as their
 * JSON text. Images and files are not counted. The result is a real tokenizer count, but it is not guaranteed to
 * equal what OpenAI's server reports, whose framing of tools and items is not public.
 *
 * <p>Text is encoded as ordinary text: special-token markers such as {@code <|endoftext|>} in user input are counted
 * as the characters they are, never rejected.
 *
 * <p>Cost and accuracy on long text. The byte-pair encoder's work and memory grow faster than linearly with the
 * length of one pre-tokenizer piece, and a run of one character is a single piece however long: counting 8,000,000
 * spaces in one call keeps about 1.7 GB live and took 3 s of CPU on the build machine (16-20 s where issue 14 was
 * found). So every text goes to the encoder in chunks of at most {@value #CHUNK_CHARS} characters
 * ({@link ChunkedEncoder}), which makes time linear in the input and memory bounded by the chunk: 8,000,000
 * characters of the slowest shapes we found (runs of spaces, of one letter, of CJK, of punctuation, of line breaks)
 * take 0.4-1.9 s of CPU, ordinary prose under 0.4 s, and what stays live is a chunk's worth (the encoder still
 * allocates about 600 short-lived bytes per character of such runs). Smaller chunks would allocate less but count
 * runs of spaces badly: {@value #CHUNK_CHARS} is a multiple of the 128-space token, so such runs count exactly. A chunk ends at a word end when the second half of its
 * window has one ({@link TextChunks}); both encodings always end a piece there, so the count is exactly the
 * unchunked count: {@code TextChunksTest} checks this for every word end of thousands of random texts, and a text
 * of up to {@value #CHUNK_CHARS} characters is never cut at all. Only a stretch of over {@value #CHUNK_CHARS}/2
 * characters with no word end (a run of one character, digits, symbols, letters without punctuation) is cut at the
 * limit, and each such cut can change the count: measured over every cut position of 4,000 random strings, by -3 to
 * +3 tokens, and on 100,000-character runs by 0 (spaces, one letter, CJK, punctuation) to about 1.2 tokens per cut
 * (runs of ten different letters, digits). Such text is therefore counted within 3 tokens per {@value #CHUNK_CHARS}
 * characters ({@code ChunkedCountingTest} holds the worst shapes to that bound).
 */
public final class TokenCounter {

    /** Framing tokens added for every message (OpenAI's chat-format convention). */
    public static final int TOKENS_PER_MESSAGE = 3;
    /** Tokens that prime the assistant's reply, added once per request. */
    public static final int REPLY_PRIMING = 3;

    private static final Set<String> LOCAL_PROVIDERS = Set.of("openai", "azure", "mock");
    private static final List<String> O200K_PREFIXES =
            List.of("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5");
    private static final List<String> O_SERIES = List.of("o1", "o3", "o4");
    private static final List<String> CL100K_PREFIXES = List.of("gpt-3.5", "gpt-35", "text-embedding-");
    private static final Set<String> TEXT_PART_TYPES = Set.of("input_text", "output_text", "text", "refusal");

    /** The longest text handed to the encoder at once; see the class comment. */
    static final int CHUNK_CHARS = 4096;

    private final Function<EncodingType, Encoding> encodings;
    private final TextChunks chunks;

    /** @param registry where encodings come from; a lazy registry loads each one on first use, once */
    public TokenCounter(EncodingRegistry registry) {
        this(registry::getEncoding, new TextChunks(CHUNK_CHARS));
    }

    TokenCounter(Function<EncodingType, Encoding> encodings, TextChunks chunks) {
        this.encodings = encodings;
        this.chunks = chunks;
    }

    /**
     * Counts the input tokens of {@code request} for {@code upstreamModel} at {@code provider}.
     *
     * @param request a Responses request whose {@code input} is a string or an array
     * @throws FerryException.InvalidRequest {@code unsupported_model} (param {@code model}) when no local tokenizer
     *     fits, or param {@code input} when an input item has the wrong shape
     */
    public int count(String provider, String upstreamModel, JsonNode request) {
        return count(provider, upstreamModel, request, () -> { });
    }

    /**
     * {@link #count(String, String, JsonNode)} that can be stopped: {@code checkpoint} runs before each chunk of
     * text is encoded and stops the count by throwing.
     */
    public int count(String provider, String upstreamModel, JsonNode request, Runnable checkpoint) {
        Encoding encoding = encodingFor(provider, upstreamModel)
                .map(encodings)
                .orElseThrow(() -> new FerryException.InvalidRequest(
                        "token counting is not available for model '" + provider + "/" + upstreamModel + "'",
                        "model", "unsupported_model"));
        checkpoint.run();
        ChunkedEncoder text = new ChunkedEncoder(encoding, chunks, checkpoint);
        int tokens = REPLY_PRIMING;
        JsonNode instructions = request.get("instructions");
        if (instructions != null && instructions.isTextual()) {
            tokens += message(text, "system", instructions.asText());
        }
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            tokens += message(text, "user", input.asText());
        } else {
            for (JsonNode item : input) {
                tokens += item(text, item);
            }
        }
        JsonNode tools = request.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            tokens += text.count(tools.toString());
        }
        return tokens;
    }

    /**
     * The tokens of a plain text (an answer, say) for {@code upstreamModel} at {@code provider}.
     *
     * @throws FerryException.InvalidRequest {@code unsupported_model} when no local tokenizer fits
     */
    public int countText(String provider, String upstreamModel, String text) {
        Encoding encoding = encodingFor(provider, upstreamModel)
                .map(encodings)
                .orElseThrow(() -> new FerryException.InvalidRequest(
                        "token counting is not available for model '" + provider + "/" + upstreamModel + "'",
                        "model", "unsupported_model"));
        return new ChunkedEncoder(encoding, chunks, () -> { }).count(text);
    }

    /** The encoding for a model, or empty when Ferry has no local tokenizer for it. */
    public static Optional<EncodingType> encodingFor(String provider, String upstreamModel) {
        if (!LOCAL_PROVIDERS.contains(provider)) {
            return Optional.empty();
        }
        if (provider.equals("mock")) {
            return Optional.of(EncodingType.O200K_BASE);
        }
        String model = baseModel(upstreamModel.toLowerCase(Locale.ROOT));
        if (O200K_PREFIXES.stream().anyMatch(model::startsWith)
                || O_SERIES.stream().anyMatch(family -> model.equals(family) || model.startsWith(family + "-"))) {
            return Optional.of(EncodingType.O200K_BASE);
        }
        if (model.equals("gpt-4") || model.startsWith("gpt-4-")
                || CL100K_PREFIXES.stream().anyMatch(model::startsWith)) {
            return Optional.of(EncodingType.CL100K_BASE);
        }
        return Optional.empty();
    }

    /** {@code ft:gpt-4o-mini-2024-07-18:org::id} → {@code gpt-4o-mini-2024-07-18}. */
    private static String baseModel(String model) {
        if (!model.startsWith("ft:")) {
            return model;
        }
        int end = model.indexOf(':', 3);
        return end < 0 ? model.substring(3) : model.substring(3, end);
    }

    private static int item(ChunkedEncoder text, JsonNode item) {
        if (!item.isObject()) {
            throw new FerryException.InvalidRequest("each item of 'input' must be an object", "input", "invalid_type");
        }
        switch (item.path("type").asText("message")) {
            case "function_call":
                return TOKENS_PER_MESSAGE + text.count(item.path("name").asText(""))
                        + text.count(item.path("arguments").asText(""));
            case "function_call_output":
                return TOKENS_PER_MESSAGE + content(text, item.path("output"));
            default:
                if (!item.has("role")) {
                    return 0;
                }
                return TOKENS_PER_MESSAGE + text.count(item.path("role").asText(""))
                        + content(text, item.path("content"));
        }
    }

    /** The tokens of a content value: a string, or the text parts of an array of content parts, one by one. */
    private static int content(ChunkedEncoder text, JsonNode content) {
        if (content.isTextual()) {
            return text.count(content.asText());
        }
        if (content.isMissingNode() || content.isNull()) {
            return 0;
        }
        if (!content.isArray()) {
            throw new FerryException.InvalidRequest(
                    "message content must be a string or an array of content parts", "input", "invalid_type");
        }
        int tokens = 0;
        for (JsonNode part : content) {
            if (TEXT_PART_TYPES.contains(part.path("type").asText())) {
                tokens += text.count(part.path(part.has("refusal") ? "refusal" : "text").asText(""));
            }
        }
        return tokens;
    }

    private static int message(ChunkedEncoder text, String role, String content) {
        return TOKENS_PER_MESSAGE + text.count(role) + text.count(content);
    }
}
