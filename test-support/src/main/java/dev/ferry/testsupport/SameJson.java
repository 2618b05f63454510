package dev.ferry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/**
 * Compares JSON values as JSON defines them: numbers by their value, whatever form they were written in
 * ({@code 2.5E+2}, {@code 250}, {@code 250.0}); everything else exactly.
 */
public final class SameJson {

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private SameJson() {
    }

    public static boolean same(JsonNode expected, JsonNode actual) {
        return expected.equals(NUMBERS_BY_VALUE, actual);
    }
}
