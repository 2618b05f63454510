package dev.ferry.cli;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ferry batch …}: the command line for people with a JSONL file who want results. It talks HTTP to any Ferry
 * ({@code --url}, or {@code FERRY_URL}; {@code --api-key}, or {@code FERRY_API_KEY} / {@code OPENAI_API_KEY}) through
 * OpenAI's Files and Batch API, so it needs nothing of the gateway's own code. The launcher dispatches to it, so
 * {@code ./ferry batch …} works from a checkout.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry 0.1.0",
        description = "Ferry's command line.", subcommands = BatchCommand.class)
public final class FerryCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command and returns its exit code (tests call this with their own environment and streams). */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new FerryCli(), new Factory(environment, out, err));
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        // 2 means "the batch failed validation" here; a command line that cannot be parsed is a usage error, 3
        line.setParameterExceptionHandler((problem, arguments) -> {
            CommandLine where = problem.getCommandLine();
            where.getErr().println(problem.getMessage());
            where.usage(where.getErr());
            return BatchCommand.ERROR;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the commands with the environment and streams of this run. */
    private record Factory(Map<String, String> environment, PrintStream out, PrintStream err)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == BatchCommand.class) {
                return type.cast(new BatchCommand(environment, out, err));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
