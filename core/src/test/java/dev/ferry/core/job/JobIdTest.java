package dev.ferry.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JobIdTest {

    /** The rule in its plainest form, to check the hand-written one against. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void shouldAcceptExactlyLowerCaseCanonicalUuids() {
        assertTrue(JobId.isValid("3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6b"));
        assertFalse(JobId.isValid("3C1F6E2A-8B4D-4F7E-9A0B-1C2D3E4F5A6B"), "upper case");
        assertFalse(JobId.isValid("3c1f6e2a8b4d-4f7e-9a0b-1c2d3e4f5a6b-"), "dash moved");
        assertFalse(JobId.isValid("3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6"), "one short");
        assertFalse(JobId.isValid("3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6g"), "not hex");
        assertFalse(JobId.isValid(null));
        assertFalse(JobId.isValid(""));
        assertThrows(IllegalArgumentException.class, () -> new JobId("../../etc/passwd"));
    }

    @Test
    void shouldAgreeWithTheRegularExpressionOnRandomIdsAndEverySingleCharacterChangeOfThem() {
        Random random = new Random(13);
        String alphabet = "0123456789abcdefABCDEFgz-_ \u00e9\u0000";
        for (int round = 0; round < 500; round++) {
            String id = round % 2 == 0 ? JobId.random().value() : UUID.randomUUID().toString();
            assertTrue(JobId.isValid(id), id);
            char[] changed = id.toCharArray();
            int at = random.nextInt(changed.length);
            changed[at] = alphabet.charAt(random.nextInt(alphabet.length()));
            String candidate = new String(changed);
            assertEquals(CANONICAL_UUID.matcher(candidate).matches(), JobId.isValid(candidate), candidate);
        }
    }
}
