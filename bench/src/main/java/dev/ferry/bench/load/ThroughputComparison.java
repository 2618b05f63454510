package dev.ferry.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compares targets with each other in one go, so that a change in background load hits them alike. Each target is
 * warmed up, then loaded in interleaved rounds (A, B, C, A, B, C, ...) at an offered rate far above what it can take,
 * which measures its throughput (the rate it actually achieved with the generator's connections); the median round
 * counts. Last, each is loaded at a fixed moderate rate, which measures its latency when it is not saturated.
 */
public final class ThroughputComparison {

    /**
     * @param saturationRate offered rate of the throughput rounds: above any target's capacity
     * @param latencyRate offered rate of the latency run: well below every target's capacity
     */
    public record Settings(
            double saturationRate,
            double latencyRate,
            int rounds,
            Duration duration,
            Duration warmup,
            Duration pause) {
    }

    /** What one target did: its throughput rounds and its latency run. */
    public record Measured(String target, List<LoadResult> rounds, LoadResult latency) {

        public Measured {
            rounds = List.copyOf(rounds);
        }

        /** The round with the median achieved rate. */
        public LoadResult medianRound() {
            List<LoadResult> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingDouble(LoadResult::achievedRate));
            return sorted.get(sorted.size() / 2);
        }

        public double throughput() {
            return medianRound().achievedRate();
        }

        /** Every run, throughput rounds first. */
        public List<LoadResult> runs() {
            List<LoadResult> all = new ArrayList<>(rounds);
            all.add(latency);
            return all;
        }
    }

    /** Waits between two runs, e.g. until a store caught up with what the last run wrote. */
    @FunctionalInterface
    public interface Settle {
        void await() throws InterruptedException;
    }

    private final LoadGenerator generator;
    private final Settings settings;
    private final Consumer<String> progress;
    private final Settle settle;

    public ThroughputComparison(LoadGenerator generator, Settings settings, Consumer<String> progress, Settle settle) {
        this.generator = generator;
        this.settings = settings;
        this.progress = progress;
        this.settle = settle;
    }

    /** Measures every target; the result is in the order given. */
    public List<Measured> run(List<? extends Target> targets) throws Exception {
        if (!settings.warmup().isZero()) {
            for (Target target : targets) {
                LoadResult warm = generator.run(target, settings.saturationRate(), settings.warmup());
                progress.accept("  " + target.name() + " warm-up: " + describe(warm));
            }
        }
        Map<String, List<LoadResult>> rounds = new LinkedHashMap<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            for (Target target : targets) {
                pause();
                LoadResult result = generator.run(target, settings.saturationRate(), settings.duration());
                rounds.computeIfAbsent(target.name(), name -> new ArrayList<>()).add(result);
                progress.accept("  " + target.name() + " round " + round + ": " + describe(result));
            }
        }
        List<Measured> measured = new ArrayList<>();
        for (Target target : targets) {
            pause();
            LoadResult latency = generator.run(target, settings.latencyRate(), settings.duration());
            progress.accept("  " + target.name() + " latency run: " + describe(latency));
            measured.add(new Measured(target.name(), rounds.get(target.name()), latency));
        }
        return measured;
    }

    private void pause() throws InterruptedException {
        Thread.sleep(settings.pause().toMillis());
        settle.await();
    }

    public static String describe(LoadResult result) {
        return String.format(java.util.Locale.ROOT,
                "offered %.0f/s, achieved %.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors, %d missed",
                result.targetRate(), result.achievedRate(), result.p50Ms(), result.p99Ms(), result.errors(),
                result.missed());
    }
}
