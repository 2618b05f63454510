package dev.ferry.ingress.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.error.FerryException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Any {@code x-bf-async-job-result-ttl} value is either a TTL in [1, max] or a 400 naming the header. */
class ResultTtlPropertiesTest {

    private static final long DEFAULT = 3600;
    private static final long MAX = 604_800;

    private final ResultTtl ttl = new ResultTtl(DEFAULT, MAX);

    @Property(tries = 3000)
    void shouldTurnAnyHeaderIntoATtlInRangeOrAnInvalidRequestNamingTheHeader(@ForAll("headers") String header) {
        long seconds;
        try {
            seconds = ttl.parse(header);
        } catch (FerryException.InvalidRequest rejected) {
            assertEquals(ResultTtl.HEADER, rejected.param());
            return;
        }
        assertTrue(seconds >= 1 && seconds <= MAX, header + " parsed to " + seconds);
        String trimmed = header.trim();
        assertTrue(trimmed.matches("[0-9]+"), "accepted a value that is not a whole number: '" + header + "'");
        assertEquals(Long.parseLong(trimmed), seconds);
    }

    @Property
    void shouldParseEveryDigitStringInRangeToItsValue(@ForAll @LongRange(min = 1, max = MAX) long seconds) {
        assertEquals(seconds, ttl.parse(Long.toString(seconds)));
    }

    @Property
    void shouldRejectEveryWholeNumberAboveTheMaximum(@ForAll @LongRange(min = MAX + 1) long seconds) {
        FerryException.InvalidRequest rejected =
                assertThrows(FerryException.InvalidRequest.class, () -> ttl.parse(Long.toString(seconds)));
        assertEquals(ResultTtl.HEADER, rejected.param());
    }

    @Property
    void shouldRejectZeroAndEveryNegativeNumber(@ForAll @LongRange(min = Long.MIN_VALUE, max = 0) long seconds) {
        assertThrows(FerryException.InvalidRequest.class, () -> ttl.parse(Long.toString(seconds)));
    }

    @Example
    void shouldUseTheDefaultWhenTheHeaderIsAbsent() {
        assertEquals(DEFAULT, ttl.parse(null));
    }

    @Example
    void shouldRejectTheCatalogueOfInvalidTtls() {
        for (String bad : new String[] {"-1", "0", "1.5", "1e3", "+60", "0x10", "9223372036854775808",
                "315360000", "", " ", "6 0", "٦٠", "６０", "60s", "NaN", "Infinity"}) {
            FerryException.InvalidRequest rejected =
                    assertThrows(FerryException.InvalidRequest.class, () -> ttl.parse(bad), "'" + bad + "'");
            assertEquals(ResultTtl.HEADER, rejected.param());
        }
    }

    /** Mostly number-like strings, so the interesting edges (signs, dots, exponents, overflow) come up often. */
    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> numberish = Arbitraries.strings()
                .withChars("0123456789+-.eExX _\t")
                .ofMinLength(0).ofMaxLength(25);
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22);
        Arbitrary<String> padded = digits.map(d -> " " + d + "\t");
        Arbitrary<String> unicodeDigits = Arbitraries.strings()
                .withChars("0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９")
                .ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> longs = Arbitraries.longs().map(Object::toString);
        return Arbitraries.oneOf(Arbitraries.strings(), numberish, digits, padded, unicodeDigits, longs);
    }
}
