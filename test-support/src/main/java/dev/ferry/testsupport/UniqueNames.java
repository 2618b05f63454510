package dev.ferry.testsupport;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Topic and group names that differ on every call, so tests sharing one broker never see each other's data. A name is
 * the prefix, a dash and 12 random hex digits, e.g. {@code jobs-3f9c0a1b2d4e}.
 */
public final class UniqueNames {

    private UniqueNames() {
    }

    /** A fresh topic name starting with {@code prefix}. */
    public static String topic(String prefix) {
        return unique(prefix);
    }

    /** A fresh consumer-group (or application) id starting with {@code prefix}. */
    public static String group(String prefix) {
        return unique(prefix);
    }

    private static String unique(String prefix) {
        long random = ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL;
        return prefix + "-" + String.format("%012x", random);
    }
}
