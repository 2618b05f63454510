package dev.ferry.tokens;

import com.knuddels.jtokkit.api.Encoding;

/**
 * Counts the tokens of texts of any length with work linear in their length: each text goes to the encoder in
 * chunks of at most {@link TextChunks#maxChars()} characters, and the checkpoint runs again once that many
 * characters have been encoded since it last ran, so a count can be stopped between chunks. A surrogate without its
 * partner (legal in JSON as {@code "\ud800"}, but not text any encoding can carry) counts as U+FFFD, the
 * replacement character, whichever the encoding.
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

    int count(String input) {
        String text = wellFormed(input);
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

    /** {@code text} with each unpaired surrogate replaced by U+FFFD; {@code text} itself when it has none. */
    private static String wellFormed(String text) {
        if (text.codePoints().noneMatch(ChunkedEncoder::isLoneSurrogate)) {
            return text;
        }
        StringBuilder fixed = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> fixed.appendCodePoint(isLoneSurrogate(cp) ? 0xFFFD : cp));
        return fixed.toString();
    }

    /** {@link String#codePoints()} yields a surrogate on its own only when it has no partner. */
    private static boolean isLoneSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}
