package dev.ferry.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.serde.Json;
import dev.ferry.core.serde.JsonSerde;
import dev.ferry.core.serde.RawJson;
import dev.ferry.testsupport.EventContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobEventFormatTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String JOB = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final JobContext ALONE = new JobContext("team-a", Map.of("order", "42"), null, null);
    private static final JobContext LINE = new JobContext("team-a", Map.of(), "batch_1", "line-7");
    private static final EventContract CONTRACT = EventContract.load();
    /** How the job store reads {@code job-events} ({@code FerryTopics}). */
    private static final Deserializer<JobEvent> STORE_READER =
            JsonSerde.keepingRaw(MAPPER, JobEvent.class, "response").deserializer();

    private final JobEventFormat format = new JobEventFormat(MAPPER);

    private static RawJson response(String status) {
        ObjectNode response = MAPPER.createObjectNode().put("id", "resp_1").put("object", "response")
                .put("status", status);
        response.putArray("output");
        return RawJson.of(response, MAPPER.writer());
    }

    static Stream<PublicJobEvent> everyKindOfEvent() {
        JobError error = new JobError(429, "rate_limit_error", "rate_limited", "slow down", null);
        return Stream.of(
                new PublicJobEvent(new JobEvent.Started(JOB, 1_000), ALONE),
                new PublicJobEvent(new JobEvent.Completed(JOB, 2_000, response("completed"), 60), ALONE),
                new PublicJobEvent(new JobEvent.Completed(JOB, 2_000, response("incomplete"), 60), ALONE),
                new PublicJobEvent(new JobEvent.Failed(JOB, 2_000, error, 60), LINE),
                new PublicJobEvent(new JobEvent.Cancelled(JOB, 2_000, 60), LINE));
    }

    private ConsumerRecord<String, byte[]> written(PublicJobEvent event) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = format.serializer().serialize("job-events", headers, event);
        return new ConsumerRecord<>("job-events", 0, 0, 0, TimestampType.CREATE_TIME, 0, value.length,
                event.event().jobId(), value, headers, java.util.Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("everyKindOfEvent")
    void shouldWriteEveryKindOfEventAsThePublishedSchemaDescribesIt(PublicJobEvent event) {
        assertEquals(List.of(), CONTRACT.violations(written(event)));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfEvent")
    void shouldWriteValuesTheJobStoreReadsBackAsTheSameEvent(PublicJobEvent event) {
        byte[] value = written(event).value();

        JobEvent read = STORE_READER.deserialize("job-events", value);

        assertEquals(event.event(), read);
    }

    @ParameterizedTest
    @MethodSource("everyKindOfEvent")
    void shouldReadBackWhatItWrote(PublicJobEvent event) {
        assertEquals(event, format.deserializer().deserialize("job-events", written(event).value()));
    }

    @Test
    void shouldHaveTheSchemaRejectAnEventWithoutOwnerOrWithAnUndocumentedField() throws Exception {
        ObjectNode value = (ObjectNode) MAPPER.readTree(written(
                new PublicJobEvent(new JobEvent.Cancelled(JOB, 2_000, 60), ALONE)).value());

        assertFalse(CONTRACT.violations(EventContract.JOB_EVENT, value.deepCopy().without("owner")).isEmpty());
        assertFalse(CONTRACT.violations(EventContract.JOB_EVENT, value.deepCopy().put("secret", "x")).isEmpty());
        assertFalse(CONTRACT.violations(EventContract.JOB_EVENT, value.deepCopy().put("status", "completed")).isEmpty());
    }

    @Test
    void shouldCarryAProvidersResponseByteForByteToBothReaders() {
        byte[] asAnswered = "{ \"id\": \"resp_1\",\n  \"status\": \"completed\", \"big\": 1e999, \"output\": [] }"
                .getBytes(StandardCharsets.UTF_8);
        PublicJobEvent event = new PublicJobEvent(
                new JobEvent.Completed(JOB, 2_000, RawJson.ofBytes(asAnswered), 60), ALONE);
        byte[] value = written(event).value();

        JobEvent.Completed byTheStore = (JobEvent.Completed) STORE_READER.deserialize("job-events", value);
        JobEvent.Completed byConsumers = (JobEvent.Completed) format.deserializer()
                .deserialize("job-events", value).event();

        assertArrayEquals(asAnswered, byTheStore.response().utf8());
        assertArrayEquals(asAnswered, byConsumers.response().utf8());
        assertEquals(List.of(), CONTRACT.violations(written(event)));
    }

    @Test
    void shouldCallACompletedJobWhoseResponseStoppedShortIncomplete() throws Exception {
        PublicJobEvent event = new PublicJobEvent(new JobEvent.Completed(JOB, 2_000, response("incomplete"), 60), ALONE);

        assertEquals("incomplete", MAPPER.readTree(written(event).value()).path("status").asText());
    }

    @Test
    void shouldCarryTheCloudEventsAttributesInHeaders() {
        ConsumerRecord<String, byte[]> record = written(
                new PublicJobEvent(new JobEvent.Completed(JOB, 1_700_000_000_123L, response("completed"), 60), ALONE));

        assertEquals("dev.ferry.job.completed", header(record, "ce_type"));
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals(JOB, header(record, "ce_subject"));
        assertEquals("2023-11-14T22:13:20.123Z", header(record, "ce_time"));
        assertEquals(EventIds.of(JOB, "completed"), header(record, "ce_id"));
    }

    @Test
    void shouldGiveARerunJobsEndTheSameIdAndDifferentEndsDifferentIds() {
        PublicJobEvent first = new PublicJobEvent(new JobEvent.Cancelled(JOB, 1, 60), ALONE);
        PublicJobEvent again = new PublicJobEvent(new JobEvent.Cancelled(JOB, 99, 60), ALONE);
        PublicJobEvent started = new PublicJobEvent(new JobEvent.Started(JOB, 1), ALONE);

        assertEquals(first.id(), again.id());
        assertFalse(first.id().equals(started.id()));
    }

    @Test
    void shouldLeaveOutMetadataValuesThatAreNotStrings() throws Exception {
        ObjectNode request = (ObjectNode) MAPPER.readTree("{\"metadata\":{\"a\":\"x\",\"b\":1}}");

        JobContext context = JobContext.of(new dev.ferry.core.job.JobSubmitted(JOB, "mock/echo", request, "o", 60, 0));

        assertEquals(Map.of("a", "x"), context.metadata());
        assertNull(context.batchId());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
