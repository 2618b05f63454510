package dev.ferry.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void setUp(EmbeddedKafkaBroker broker) {
        kafka = broker;
    }

    @Test
    void shouldInjectTheSameBrokerEverywhereInTheRun(EmbeddedKafkaBroker broker) {
        assertSame(kafka, broker);
    }

    @Test
    void shouldServeTopicsCreatedWithTestTopics() throws Exception {
        String topic = UniqueNames.topic("extension");
        TestTopics.create(kafka.bootstrapServers(), 2, topic);

        Records.produce(kafka.bootstrapServers(), topic, List.of("a", "b"));

        assertEquals(List.of("a", "b"), Records.consume(kafka.bootstrapServers(), topic).stream().sorted().toList());
    }
}
