package dev.ferry.tokens;

/**
 * Where to cut a long text so that each piece handed to the byte-pair encoder has at most {@code maxChars}
 * characters. The encoder's cost grows faster than linearly with the length of one pre-tokenizer piece (a run of
 * spaces or of one letter is a single piece, however long), so bounding the pieces bounds the work per character.
 *
 * <p>A cut is made, when one exists in the second half of the window, at a <em>word end</em>: after a letter or a
 * number and before a character that is neither a letter, a mark, a number nor an apostrophe. Both OpenAI
 * pre-tokenizers ({@code o200k_base}, {@code cl100k_base}) always end a piece there, whatever follows, and none of
 * their patterns looks behind, so counting the two sides separately gives exactly the count of the whole. Only a
 * window without a word end (a run of one character, digits, symbols, or letters with no punctuation) is cut at
 * its limit, between two code points; see {@link TokenCounter} for what that costs in accuracy.
 */
final class TextChunks {

    private final int maxChars;

    /** @param maxChars the longest chunk; at least 2, so that a surrogate pair always fits */
    TextChunks(int maxChars) {
        if (maxChars < 2) {
            throw new IllegalArgumentException("maxChars must be at least 2, was " + maxChars);
        }
        this.maxChars = maxChars;
    }

    int maxChars() {
        return maxChars;
    }

    /** The end (exclusive) of the chunk of {@code text} that starts at {@code start}. */
    int end(CharSequence text, int start) {
        int limit = start + maxChars;
        if (limit >= text.length()) {
            return text.length();
        }
        for (int cut = limit; cut > start + maxChars / 2; cut--) {
            if (isWordEnd(text, cut)) {
                return cut;
            }
        }
        boolean splitsPair = Character.isHighSurrogate(text.charAt(limit - 1))
                && Character.isLowSurrogate(text.charAt(limit));
        return splitsPair ? limit - 1 : limit;
    }

    /** True when both pre-tokenizers end a piece at {@code at}, so a cut there does not change the count. */
    static boolean isWordEnd(CharSequence text, int at) {
        int before = Character.codePointBefore(text, at);
        int after = Character.codePointAt(text, at);
        return isLetterOrNumber(before) && !isLetterOrNumber(after) && !isMark(after) && after != '\'';
    }

    private static boolean isLetterOrNumber(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
                return true;
            default:
                return false;
        }
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }
}
