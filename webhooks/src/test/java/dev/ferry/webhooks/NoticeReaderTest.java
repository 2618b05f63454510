package dev.ferry.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.serde.Json;
import dev.ferry.core.serde.RawJson;
import dev.ferry.core.topic.Topic;
import dev.ferry.events.BatchEvent;
import dev.ferry.events.EventTopics;
import dev.ferry.events.JobContext;
import dev.ferry.events.PublicJobEvent;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class NoticeReaderTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String JOB = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final JobContext ALONE = new JobContext("team-a", Map.of(), null, null);
    private static final EventTopics TOPICS = EventTopics.create(new KafkaSettings(Optional.empty(), "jobs",
            "job-events", "job-control", "jobs-dlq", 1, (short) 1, 1 << 20), BatchSettings.defaults(), MAPPER);

    private final NoticeReader reader = new NoticeReader(TOPICS);

    private static <V> ConsumerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value) {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
        return new ConsumerRecord<>(topic.name(), 0, 0, 0, TimestampType.CREATE_TIME, 0, bytes.length, key, bytes,
                headers, Optional.empty());
    }

    private Optional<Notice> read(JobEvent event, JobContext job) {
        return reader.read(record(TOPICS.jobEvents(), event.jobId(), new PublicJobEvent(event, job)));
    }

    @Test
    void shouldReportAJobThatEndedAsAResponseEventAboutTheJobId() {
        Notice notice = read(new JobEvent.Failed(JOB, 5_000, new JobError(500, "server_error", null, "boom", null), 60),
                ALONE).orElseThrow();

        assertEquals("response.failed", notice.type());
        assertEquals(JOB, notice.dataId());
        assertEquals("team-a", notice.owner());
    }

    @Test
    void shouldCallAResponseThatStoppedShortIncomplete() {
        RawJson response = RawJson.of(MAPPER.createObjectNode().put("status", "incomplete"), MAPPER.writer());

        assertEquals("response.incomplete", read(new JobEvent.Completed(JOB, 1, response, 60), ALONE).orElseThrow().type());
    }

    @Test
    void shouldReportNothingForAStartedJob() {
        assertTrue(read(new JobEvent.Started(JOB, 1), ALONE).isEmpty());
    }

    @Test
    void shouldReportNothingForALineOfABatchWhichReportsAsAWhole() {
        assertTrue(read(new JobEvent.Cancelled(JOB, 1, 60), new JobContext("team-a", Map.of(), "batch_1", "l1"))
                .isEmpty());
    }

    @Test
    void shouldReportABatchThatEndedAsABatchEventAboutTheBatchId() {
        BatchEvent batch = new BatchEvent("batch_1", "expired", 9_000, "team-a", Map.of(), null, null, null);

        Notice notice = reader.read(record(TOPICS.batchEvents(), "batch_1", batch)).orElseThrow();

        assertEquals("batch.expired", notice.type());
        assertEquals("batch_1", notice.dataId());
        assertEquals(batch.id(), notice.eventId());
    }

    @Test
    void shouldWriteOpenAisWebhookEventShape() throws Exception {
        String payload = new Notice("evt_1", "response.completed", "team-a", JOB, 1_700_000_000_999L).payload(MAPPER);

        assertEquals("{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"response.completed\","
                + "\"created_at\":1700000000,\"data\":{\"id\":\"" + JOB + "\"}}", payload);
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrAsADate() {
        assertEquals(Optional.of(java.time.Duration.ofSeconds(120)), EndpointClient.retryAfter("120"));
        assertTrue(EndpointClient.retryAfter("not a date").isEmpty());
        assertTrue(EndpointClient.retryAfter("Wed, 21 Oct 2099 07:28:00 GMT").orElseThrow().toDays() > 1000);
    }
}
