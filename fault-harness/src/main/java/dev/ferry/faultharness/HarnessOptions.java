package dev.ferry.faultharness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a harness run is shaped. {@link #full} is what {@code ./fault-harness.sh} runs; the IT uses {@link #ci}.
 *
 * @param workerKillLatency the mock's latency in the worker-kill scenario, long enough that calls are in flight
 * @param attemptLimit Ferry's {@code FERRY_WORKER_MAX_ATTEMPTS} (left at its default)
 */
record HarnessOptions(
        List<Scenario> scenarios,
        Duration load,
        double ratePerSecond,
        Duration latency,
        Duration workerKillLatency,
        Duration restartDelay,
        Duration livenessTimeout,
        int ttlJobs,
        int attemptLimit,
        Path workDir,
        Optional<Path> report,
        String command) {

    HarnessOptions {
        scenarios = List.copyOf(scenarios);
    }

    static HarnessOptions full(Path workDir) {
        return new HarnessOptions(List.of(Scenario.values()), Duration.ofSeconds(30), 20, Duration.ofMillis(200),
                Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(180), 4, 3, workDir,
                Optional.of(Path.of("RELIABILITY.md")), "./fault-harness.sh");
    }

    static HarnessOptions ci(Path workDir) {
        return new HarnessOptions(List.of(Scenario.values()), Duration.ofSeconds(10), 10, Duration.ofMillis(200),
                Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(120), 2, 3, workDir,
                Optional.empty(), "mvn -B verify (FaultHarnessIT)");
    }

    /** {@code --scenarios a,b,c --load-seconds N --rate R --work-dir DIR --output FILE}. */
    static HarnessOptions parse(String[] args, HarnessOptions defaults) {
        HarnessOptions options = defaults;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing a value after " + args[i]);
            }
            String value = args[i + 1];
            options = switch (args[i]) {
                case "--scenarios" -> options.with(Arrays.stream(value.split(",")).map(Scenario::parse).toList(),
                        options.load, options.ratePerSecond, options.workDir, options.report);
                case "--load-seconds" -> options.with(options.scenarios, Duration.ofSeconds(Long.parseLong(value)),
                        options.ratePerSecond, options.workDir, options.report);
                case "--rate" -> options.with(options.scenarios, options.load, Double.parseDouble(value),
                        options.workDir, options.report);
                case "--work-dir" -> options.with(options.scenarios, options.load, options.ratePerSecond,
                        Path.of(value), options.report);
                case "--output" -> options.with(options.scenarios, options.load, options.ratePerSecond,
                        options.workDir, Optional.of(Path.of(value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --scenarios, --load-seconds, --rate, --work-dir or --output");
            };
        }
        List<String> words = new ArrayList<>(List.of(defaults.command));
        words.addAll(List.of(args));
        return options.withCommand(String.join(" ", words));
    }

    private HarnessOptions with(List<Scenario> newScenarios, Duration newLoad, double newRate, Path newWorkDir,
            Optional<Path> newReport) {
        return new HarnessOptions(newScenarios, newLoad, newRate, latency, workerKillLatency, restartDelay,
                livenessTimeout, ttlJobs, attemptLimit, newWorkDir, newReport, command);
    }

    private HarnessOptions withCommand(String newCommand) {
        return new HarnessOptions(scenarios, load, ratePerSecond, latency, workerKillLatency, restartDelay,
                livenessTimeout, ttlJobs, attemptLimit, workDir, report, newCommand);
    }
}
