package dev.ferry.faultharness;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A fault scenario of one of the harnesses: a short id for the command line, a title and what must hold. */
interface HarnessScenario {

    String id();

    String name();

    String title();

    String expectation();

    /**
     * The scenario of {@code type} that {@code text} names: its id ({@code a}), or its name in either spelling
     * ({@code worker-kill}, {@code WORKER_KILL}).
     *
     * @param noun what the scenarios are called in the error message
     */
    static <E extends Enum<E> & HarnessScenario> E parse(Class<E> type, String text, String noun) {
        String trimmed = text.trim();
        String normalized = trimmed.toUpperCase(Locale.ROOT).replace('-', '_');
        List<E> all = Arrays.asList(type.getEnumConstants());
        return all.stream()
                .filter(s -> s.id().equalsIgnoreCase(trimmed) || s.name().equals(normalized))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + noun + " '" + text + "'; use "
                        + choices(all)));
    }

    /** {@code a (worker-kill), b (gateway-kill) or c (broker-kill)}. */
    private static String choices(List<? extends HarnessScenario> all) {
        List<String> each = all.stream()
                .map(s -> s.id() + " (" + s.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")")
                .toList();
        return String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.get(each.size() - 1);
    }
}
