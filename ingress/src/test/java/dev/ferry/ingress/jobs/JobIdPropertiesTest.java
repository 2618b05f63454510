package dev.ferry.ingress.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.job.JobId;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every string a client may send as a job id is checked without an exception, and only the canonical lower-case
 * UUID form passes. The oracle is the JDK's own UUID parser: valid iff it parses and prints back unchanged.
 */
class JobIdPropertiesTest {

    @Property(tries = 5000)
    void shouldAcceptExactlyTheCanonicalLowerCaseUuids(@ForAll("candidates") String candidate) {
        boolean valid = assertDoesNotThrow(() -> JobId.isValid(candidate));

        assertEquals(isCanonicalUuid(candidate), valid, "'" + candidate + "'");
        if (valid) {
            assertEquals(candidate, new JobId(candidate).value());
        } else {
            assertThrows(IllegalArgumentException.class, () -> new JobId(candidate));
        }
    }

    @Property(tries = 2000)
    void shouldAlwaysGenerateAValidJobId() {
        JobId id = JobId.random();

        assertTrue(JobId.isValid(id.value()), id.value());
        assertEquals(4, UUID.fromString(id.value()).version(), "random (version 4) UUIDs: 122 bits of randomness");
    }

    @Example
    void shouldRejectNullAndTheCatalogueOfHostileIds() {
        assertFalse(JobId.isValid(null));
        String valid = UUID.randomUUID().toString();
        for (String hostile : new String[] {"", "../../etc/passwd", "%2e%2e%2f", "' OR 1=1--", "x".repeat(10_000),
                valid.toUpperCase(), valid + "\n", " " + valid, valid.replace('-', '‐'),
                "\u0430" + valid.substring(1), "{" + valid + "}", valid.replace("-", "")}) {
            assertFalse(JobId.isValid(hostile), hostile);
        }
    }

    private static boolean isCanonicalUuid(String candidate) {
        try {
            return UUID.fromString(candidate).toString().equals(candidate);
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }

    /** Arbitrary strings, near misses of real ids (one character changed, upper case, look-alikes) and real ids. */
    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> uuids = Arbitraries.create(() -> UUID.randomUUID().toString());
        Arbitrary<String> oneCharChanged = Combinators.combine(uuids, Arbitraries.integers().between(0, 35),
                Arbitraries.of('A', 'F', 'g', 'z', '-', '0', ' ', '/', '.', '\u0430', '\u0435', '\uff10', '\u0660',
                        '\u2010', '\u0000', '\n'))
                .as((uuid, at, c) -> uuid.substring(0, at) + c + uuid.substring(at + 1));
        Arbitrary<String> hexAlphabet = Arbitraries.strings().withChars("0123456789abcdefABCDEF-")
                .ofMinLength(30).ofMaxLength(40);
        Arbitrary<String> shuffledDashes = uuids.map(u -> u.replace("-", "")).map(hex ->
                hex.substring(0, 4) + "-" + hex.substring(4, 12) + "-" + hex.substring(12, 16) + "-"
                        + hex.substring(16, 20) + "-" + hex.substring(20));
        return Arbitraries.oneOf(Arbitraries.strings(), uuids, uuids.map(String::toUpperCase), oneCharChanged,
                hexAlphabet, shuffledDashes);
    }
}
