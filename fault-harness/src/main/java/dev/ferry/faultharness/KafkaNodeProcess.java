package dev.ferry.faultharness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;

/**
 * One Kafka node in its own JVM ({@code kafka.Kafka server.properties}): a combined broker and KRaft controller with a
 * static voter set, formatted once with {@code kafka.tools.StorageTool format}. Restarts reuse its log directory.
 *
 * <p>Timeouts are lowered so a dead node is fenced in about 3 s instead of 9 s; replication is 3 with
 * {@code min.insync.replicas=2} and unclean leader election off, as in {@code compose/docker-compose.yml}.
 */
final class KafkaNodeProcess {

    static final int MAX_MESSAGE_BYTES = 9_437_184;

    private final int nodeId;
    private final int port;
    private final ChildJvm jvm;

    private KafkaNodeProcess(int nodeId, int port, ChildJvm jvm) {
        this.nodeId = nodeId;
        this.port = port;
        this.jvm = jvm;
    }

    /** Writes the node's configuration and formats its log directory; does not start it. */
    static KafkaNodeProcess prepare(int nodeId, int port, int controllerPort, String voters, String clusterId,
            Path dir, JvmSpec spec, ProcessRegistry registry) throws IOException {
        Path logDir = dir.resolve("data");
        Files.createDirectories(logDir);
        Path config = dir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(config)) {
            properties(nodeId, port, controllerPort, voters, logDir).store(writer, "fault-harness node " + nodeId);
        }
        int status = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(OutputStream.nullOutputStream()));
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format of node " + nodeId + " failed with " + status);
        }
        ChildJvm jvm = new ChildJvm("kafka-" + nodeId, spec, List.of("kafka.Kafka", config.toString()),
                Map.of(), dir.resolve("kafka-" + nodeId + ".log"), registry);
        return new KafkaNodeProcess(nodeId, port, jvm);
    }

    private static Properties properties(int nodeId, int port, int controllerPort, String voters, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("unclean.leader.election.enable", "false");
        p.put("offsets.topic.replication.factor", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        // fence a dead node fast (default 9 s) and elect a new controller fast
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("controller.quorum.fetch.timeout.ms", "2000");
        p.put("controller.quorum.election.timeout.ms", "1000");
        p.put("controller.quorum.election.backoff.max.ms", "500");
        p.put("replica.lag.time.max.ms", "10000");
        // few threads: nine JVMs share two cores
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return p;
    }

    int nodeId() {
        return nodeId;
    }

    int port() {
        return port;
    }

    ChildJvm jvm() {
        return jvm;
    }

    void start() throws IOException {
        jvm.start();
    }

    void kill() throws InterruptedException {
        jvm.kill();
    }

}
