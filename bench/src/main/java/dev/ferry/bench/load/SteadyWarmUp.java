package dev.ferry.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Warms a JVM up in rounds until its JIT compilers are nearly done: until they took less than a given share of its
 * CPU in a round, or a time limit passed. A figure measured while the compilers still take a third of the CPU (as
 * they did in this bench minutes into a run, on two shared cores) reports the compiling, not the code.
 */
public final class SteadyWarmUp {

    /** The compilers' share of the JVM's CPU in a round below which the scenarios count it as warm. */
    public static final double STEADY_COMPILING_SHARE = 0.10;

    /** One round of warm-up load; returns how many requests or jobs it ran. */
    @FunctionalInterface
    public interface Round {
        int run() throws Exception;
    }

    /** The rounds run: the units of work in all, and the compilers' share of the JVM's CPU in each round. */
    public record Outcome(int units, List<Double> compilingShares, double steadyShare) {

        /** No warm-up was run (the bench was told to skip warm-ups). */
        public static final Outcome NONE = new Outcome(0, List.of(), STEADY_COMPILING_SHARE);

        public boolean steady() {
            return !compilingShares.isEmpty() && compilingShares.get(compilingShares.size() - 1) < steadyShare;
        }

        /** For a report: "12,000 jobs in 3 rounds; compilers' share per round 35 %, 20 %, 8 % (steady)". */
        public String describe(String unit) {
            if (compilingShares.isEmpty()) {
                return "no warm-up";
            }
            return String.format(Locale.ROOT, "%,d %s in %d round(s); the JIT compilers' share of the JVM's CPU per "
                    + "round: %s (%s)", units, unit, compilingShares.size(), compilingShares.stream()
                            .map(share -> String.format(Locale.ROOT, "%.0f %%", share * 100))
                            .collect(Collectors.joining(", ")),
                    steady() ? String.format(Locale.ROOT, "under %.0f %%: steady", steadyShare * 100)
                            : "still compiling when the time limit came");
        }
    }

    private final ProcessCpu cpu;
    private final double steadyShare;
    private final Duration limit;
    private final Consumer<String> progress;

    /**
     * @param steadyShare the compilers' share of the JVM's CPU in a round below which it counts as warm
     * @param limit no round starts after this long
     */
    public SteadyWarmUp(ProcessCpu cpu, double steadyShare, Duration limit, Consumer<String> progress) {
        this.cpu = cpu;
        this.steadyShare = steadyShare;
        this.limit = limit;
        this.progress = progress;
    }

    public Outcome run(String name, Round round) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Double> shares = new ArrayList<>();
        int units = 0;
        double share;
        do {
            ProcessCpu.Reading before = cpu.read();
            int ran = round.run();
            units += ran;
            share = cpu.read().since(before).compilingShare();
            shares.add(share);
            progress.accept(String.format(Locale.ROOT, "  %s warm-up round %d: %,d, the JIT compilers took %.0f %% "
                    + "of the JVM's CPU", name, shares.size(), ran, share * 100));
        } while (System.nanoTime() < deadline && !(share < steadyShare));
        return new Outcome(units, List.copyOf(shares), steadyShare);
    }
}
