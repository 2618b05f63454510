package dev.ferry.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void shouldServeAnIdempotentProducerAndAConsumerOnceStarted(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            assertEquals(1, describeCluster(broker.bootstrapServers()));
            assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"), broker.bootstrapServers());
            String topic = UniqueNames.topic("round-trip");
            TestTopics.create(broker.bootstrapServers(), 3, topic);
            List<String> sent = IntStream.range(0, 100).mapToObj(i -> "record-" + i).toList();

            Records.produce(broker.bootstrapServers(), topic, sent);

            List<String> received = Records.consume(broker.bootstrapServers(), topic);
            assertEquals(sent.stream().sorted().toList(), received.stream().sorted().toList());
        }
    }

    @Test
    void shouldKeepRecordsAcrossARestartOnTheSameDataDir(@TempDir Path dataDir) throws Exception {
        String topic = UniqueNames.topic("restart");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            TestTopics.create(broker.bootstrapServers(), 1, topic);
            Records.produce(broker.bootstrapServers(), topic, List.of("written before the restart"));
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            Records.produce(broker.bootstrapServers(), topic, List.of("written after the restart"));

            assertEquals(List.of("written before the restart", "written after the restart"),
                    Records.consume(broker.bootstrapServers(), topic));
        }
    }

    @Test
    void shouldIgnoreASecondClose(@TempDir Path dataDir) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, FreePorts.pick());
        broker.close();
        broker.close();
    }

    private static int describeCluster(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            DescribeClusterResult cluster = admin.describeCluster();
            return cluster.nodes().get(10, TimeUnit.SECONDS).size();
        }
    }
}
