package dev.ferry.faultharness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a batch harness run is shaped: {@link #full} is what {@code ./fault-harness.sh --batch} runs, the IT uses
 * {@link #ci}.
 *
 * @param lines lines of each scenario's batch
 * @param latency the mock provider's latency; with the lane's small share it makes the batch last long enough
 */
record BatchHarnessOptions(List<BatchFault> faults, int lines, Duration latency, Duration restartDelay,
        Duration liveness, Path workDir, Optional<Path> output, String command) {

    BatchHarnessOptions {
        faults = List.copyOf(faults);
    }

    static BatchHarnessOptions full(Path workDir) {
        return new BatchHarnessOptions(List.of(BatchFault.values()), 10_000, Duration.ofMillis(1000),
                Duration.ofSeconds(3), Duration.ofSeconds(300), workDir, Optional.of(Path.of("RELIABILITY.md")),
                "./fault-harness.sh --batch");
    }

    static BatchHarnessOptions ci(Path workDir) {
        return new BatchHarnessOptions(List.of(BatchFault.values()), 2_000, Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(180), workDir, Optional.empty(),
                "mvn -B verify (BatchFaultHarnessIT)");
    }

    /** {@code --scenarios ba,bb,bc --lines N --work-dir DIR --output FILE}. */
    static BatchHarnessOptions parse(String[] args, BatchHarnessOptions defaults) {
        BatchHarnessOptions options = defaults;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing a value after " + args[i]);
            }
            String value = args[i + 1];
            options = switch (args[i]) {
                case "--scenarios" -> new BatchHarnessOptions(Arrays.stream(value.split(",")).map(BatchFault::parse)
                        .toList(), options.lines, options.latency, options.restartDelay, options.liveness,
                        options.workDir, options.output, options.command);
                case "--lines" -> new BatchHarnessOptions(options.faults, Integer.parseInt(value), options.latency,
                        options.restartDelay, options.liveness, options.workDir, options.output, options.command);
                case "--work-dir" -> new BatchHarnessOptions(options.faults, options.lines, options.latency,
                        options.restartDelay, options.liveness, Path.of(value), options.output, options.command);
                case "--output" -> new BatchHarnessOptions(options.faults, options.lines, options.latency,
                        options.restartDelay, options.liveness, options.workDir, Optional.of(Path.of(value)),
                        options.command);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --scenarios, --lines, --work-dir or --output");
            };
        }
        return new BatchHarnessOptions(options.faults, options.lines, options.latency, options.restartDelay,
                options.liveness, options.workDir, options.output,
                String.join(" ", defaults.command, String.join(" ", args)).trim());
    }
}
