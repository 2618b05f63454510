package dev.ferry.faultharness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How child JVMs are launched: this JVM's {@code java}, a small heap, the serial collector and C1 only (short runs on
 * a small, shared machine), and one classpath: the Ferry app's runtime classpath, which also holds the Kafka broker.
 */
record JvmSpec(String classpath, int maxHeapMiB, List<String> extraOptions) {

    JvmSpec {
        extraOptions = List.copyOf(extraOptions);
    }

    JvmSpec withHeap(int heapMiB, String... options) {
        return new JvmSpec(classpath, heapMiB, List.of(options));
    }

    List<String> command() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeapMiB + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true"));
        command.addAll(extraOptions);
        command.add("-cp");
        command.add(classpath);
        return command;
    }
}
