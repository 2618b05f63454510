package dev.ferry.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Where long texts are cut before they reach the encoder, and why a cut at a word end leaves the count unchanged. */
class TextChunksTest {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    /** Letters of several scripts and cases, marks, digits, apostrophes, spaces, line breaks, symbols, emoji. */
    private static final String ALPHABET = "aZé\u0301ß汉字Ωж'’ 0\t\n\r.,!?-_/\"()[]{}<>=+*&#@$%^~`|\\:;²Ⅻ😀\uD835\uDC00";

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(300)
                .map(TextChunksTest::withoutBrokenPairs);
    }

    /** Drops surrogates that the random choice left without their partner. */
    private static String withoutBrokenPairs(String text) {
        StringBuilder kept = new StringBuilder();
        text.codePoints().filter(cp -> !(cp >= 0xD800 && cp <= 0xDFFF)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    @Property(tries = 3000)
    void shouldCountTheSameWhenATextIsCutAtAnyWordEnd(@ForAll("texts") String text) {
        for (EncodingType type : List.of(EncodingType.O200K_BASE, EncodingType.CL100K_BASE)) {
            Encoding encoding = REGISTRY.getEncoding(type);
            int whole = encoding.countTokensOrdinary(text);
            for (int at = 1; at < text.length(); at++) {
                if (TextChunks.isWordEnd(text, at)) {
                    assertEquals(whole, encoding.countTokensOrdinary(text.substring(0, at))
                            + encoding.countTokensOrdinary(text.substring(at)), type.getName() + " cut at " + at
                            + " of '" + text + "'");
                }
            }
        }
    }

    @Property(tries = 2000)
    void shouldCoverTheTextWithChunksOfBoundedLengthThatNeverSplitACharacter(
            @ForAll("texts") String text, @ForAll @IntRange(min = 2, max = 40) int maxChars) {
        TextChunks chunks = new TextChunks(maxChars);
        int start = 0;
        while (start < text.length()) {
            int end = chunks.end(text, start);

            assertTrue(end > start && end - start <= maxChars, start + ".." + end);
            assertTrue(end == text.length() || end - start >= maxChars / 2, "a short chunk before the end");
            assertFalse(Character.isHighSurrogate(text.charAt(end - 1)) && end < text.length()
                    && Character.isLowSurrogate(text.charAt(end)), "a surrogate pair split at " + end);
            start = end;
        }
    }

    @Example
    void shouldKeepATextNoLongerThanTheLimitWhole() {
        assertEquals(10, new TextChunks(10).end("0123456789", 0));
        assertEquals(10, new TextChunks(10).end("0123456789", 4));
    }

    @Example
    void shouldCutAtTheLastWordEndOfTheWindow() {
        String text = "alpha beta gamma delta";

        assertEquals("alpha beta gamma".length(), new TextChunks(18).end(text, 0));
    }

    @Example
    void shouldCutARunWithoutWordEndsAtTheLimit() {
        assertEquals(8, new TextChunks(8).end(" ".repeat(20), 0));
        assertEquals(7, new TextChunks(8).end("a😀😀😀😀", 0), "not between the halves of the last emoji");
    }

    @Example
    void shouldNotTakeAnApostropheOrAMarkForAWordEnd() {
        assertFalse(TextChunks.isWordEnd("don't", 3));
        assertFalse(TextChunks.isWordEnd("e\u0301", 1));
        assertFalse(TextChunks.isWordEnd("ab", 1));
        assertFalse(TextChunks.isWordEnd("a1", 1));
        assertTrue(TextChunks.isWordEnd("a b", 1));
        assertTrue(TextChunks.isWordEnd("a,b", 1));
        assertTrue(TextChunks.isWordEnd("7.5", 1));
        assertTrue(TextChunks.isWordEnd("字，", 1));
    }
}
