package dev.ferry.mockprovider;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** The mock's only source of chance, safe to share between threads whatever generator it wraps. */
final class MockDice {

    private static final String HEX = "0123456789abcdef";

    private final RandomGenerator random;
    private final Object lock = new Object();

    MockDice(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** True with probability {@code rate}: never for 0, always for 1. */
    boolean chance(double rate) {
        synchronized (lock) {
            return random.nextDouble() < rate;
        }
    }

    String hex(int digits) {
        StringBuilder hex = new StringBuilder(digits);
        synchronized (lock) {
            for (int i = 0; i < digits; i++) {
                hex.append(HEX.charAt(random.nextInt(HEX.length())));
            }
        }
        return hex.toString();
    }
}
