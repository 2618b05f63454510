package dev.ferry.mockprovider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test directives carried in a mock model name (the upstream model, without {@code mock/}). They can be combined,
 * e.g. {@code sleep-1500+stream-gap-50}; a name with none of them is a normal model.
 *
 * <ul>
 *   <li>{@code fail-<status>}: answer that status (400 to 599) with an OpenAI error body</li>
 *   <li>{@code sleep-<ms>}: take this long instead of the configured latency</li>
 *   <li>{@code stream-gap-<ms>}: wait this long between SSE events</li>
 *   <li>{@code stamp}: every SSE event carries {@code mock_sent_at_us}, the wall-clock time it was written in
 *       microseconds since the epoch, so a client on the same machine can time each event's way (the bench does)</li>
 * </ul>
 */
record MockDirectives(OptionalInt failStatus, Optional<Duration> sleep, Duration streamGap, boolean stamp) {

    private static final Pattern FAIL = Pattern.compile("(?<![a-z0-9])fail-(\\d{3})(?![0-9])");
    private static final Pattern SLEEP = Pattern.compile("(?<![a-z0-9])sleep-(\\d{1,9})(?![0-9])");
    private static final Pattern STAMP = Pattern.compile("(?<![a-z0-9])stamp(?![a-z0-9])");
    private static final Pattern STREAM_GAP = Pattern.compile("(?<![a-z0-9])stream-gap-(\\d{1,9})(?![0-9])");

    MockDirectives {
        Objects.requireNonNull(failStatus, "failStatus");
        Objects.requireNonNull(sleep, "sleep");
        Objects.requireNonNull(streamGap, "streamGap");
    }

    static MockDirectives parse(String model) {
        OptionalInt fail = number(FAIL, model)
                .filter(status -> status >= 400 && status <= 599)
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
        return new MockDirectives(
                fail,
                number(SLEEP, model).map(Duration::ofMillis),
                number(STREAM_GAP, model).map(Duration::ofMillis).orElse(Duration.ZERO),
                STAMP.matcher(model).find());
    }

    private static Optional<Integer> number(Pattern pattern, String model) {
        Matcher matcher = pattern.matcher(model);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }
}
