package dev.ferry.ingress.tokens;

import com.knuddels.jtokkit.api.Encoding;

/**
 * Counts the tokens of texts of any length with work linear in their length: each text goes to the encoder in
 * chunks of at most {@link TextChunks#maxChars()} characters, and the checkpoint runs again once that many
 * characters have been encoded since it last ran, so a count can be stopped between chunks.
 */
final class ChunkedEncoder {

    private final Encoding encoding;
    private final TextChunks chunks;
    private final Runnable checkpoint;
    private int charsSinceCheckpoint;

    ChunkedEncoder(Encoding encoding, TextChunks chunks, Runnable checkpoint) {
        this.encoding = encoding;
        this.chunks = chunks;
        this.checkpoint = checkpoint;
    }

    int count(String text) {
        int tokens = 0;
        int start = 0;
        while (start < text.length()) {
            if (charsSinceCheckpoint >= chunks.maxChars()) {
                checkpoint.run();
                charsSinceCheckpoint = 0;
            }
            int end = chunks.end(text, start);
            tokens += encoding.countTokensOrdinary(text.substring(start, end));
            charsSinceCheckpoint += end - start;
            start = end;
        }
        return tokens;
    }
}
