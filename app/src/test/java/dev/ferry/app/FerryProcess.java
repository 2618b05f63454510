package dev.ferry.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ferry as users start it: {@code java -jar target/ferry.jar} (what {@code ./ferry} runs) in a process of its own,
 * with its output collected line by line. Closing kills it if it is still running.
 */
final class FerryProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("Ferry is serving (http://\\S+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private FerryProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collect, "ferry-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    static FerryProcess start(Map<String, String> environment, String... args) throws IOException {
        Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the package phase builds it before the ITs run");
        }
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("FERRY_") || name.startsWith("KAFKA_"));
        builder.environment().putAll(environment);
        return new FerryProcess(builder.start());
    }

    private void collect() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("<output closed: " + e.getMessage() + ">");
        }
    }

    /** The base URL Ferry printed once it was up, or empty while it has not. */
    java.util.Optional<String> baseUrl() {
        return output.stream().map(SERVING::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGKILL, as a crash or the OOM killer would, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM, as Ctrl+C or a service manager would. */
    void stop() {
        process.destroy();
    }

    /** @return the exit code, or empty if it had not exited within {@code timeout} */
    java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
