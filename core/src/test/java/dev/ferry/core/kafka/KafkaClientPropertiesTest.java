package dev.ferry.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.core.config.KafkaSettings;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    private static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024 + 64 * 1024;
    private static final KafkaClientProperties CLIENTS = new KafkaClientProperties("broker-1:9092,broker-2:9092",
            new KafkaSettings(Optional.of("broker-1:9092,broker-2:9092"), "jobs", "job-events", "job-control",
                    "jobs-dlq", 6, (short) 3, MAX_MESSAGE_BYTES));

    @Test
    void shouldMakeEveryProducerIdempotentAndAbleToCarryTheLargestJob() {
        Properties producer = CLIENTS.producer("ferry-worker");

        assertEquals("broker-1:9092,broker-2:9092", producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("ferry-worker", producer.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(MAX_MESSAGE_BYTES, producer.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        assertNull(producer.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), "only answering producers give up early");
    }

    @Test
    void shouldGiveUpOnAWriteAnHttpClientWaitsForWithinThirtySeconds() {
        Properties producer = CLIENTS.answeringProducer("ferry-ingress");

        assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(30_000, producer.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals(10_000, producer.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
    }

    @Test
    void shouldLetAGroupMemberCommitItselfAndBeReplacedTenSecondsAfterItDied() {
        Properties consumer = CLIENTS.groupConsumer("ferry-workers", "ferry-worker-jobs");

        assertEquals("ferry-workers", consumer.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(false, consumer.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("earliest", consumer.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals(CooperativeStickyAssignor.class.getName(),
                consumer.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG));
        assertEquals(10_000, consumer.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals(3_000, consumer.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    }

    @Test
    void shouldKeepAStandaloneConsumerOutOfAnyGroup() {
        Properties consumer = CLIENTS.consumer("ferry-stream-relay");

        assertFalse(consumer.containsKey(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(false, consumer.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals(MAX_MESSAGE_BYTES, consumer.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
    }

    @Test
    void shouldGiveKafkaStreamsTheSameFailureDetectionAndRecordSizeThroughItsPrefixes() {
        Properties streams = CLIENTS.streams("ferry-job-store");

        assertEquals("ferry-job-store", streams.get("application.id"));
        assertEquals(3, streams.get("replication.factor"));
        assertEquals(10_000, streams.get("consumer." + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals(3_000, streams.get("consumer." + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        assertEquals(MAX_MESSAGE_BYTES, streams.get("producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        assertEquals(MAX_MESSAGE_BYTES, streams.get("consumer." + ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
    }
}
