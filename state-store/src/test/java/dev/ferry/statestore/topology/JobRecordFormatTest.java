package dev.ferry.statestore.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.serde.Json;
import dev.ferry.core.serde.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JobRecordFormatTest {

    private static final String TOPIC = "ferry-job-state-changelog";

    private final ObjectMapper mapper = Json.newMapper();
    private final JobRecordFormat format = new JobRecordFormat(mapper);

    /** As the job store writes a response: from the worker's tree, by Ferry's mapper. */
    private final RawJson response = RawJson.ofBytes(
            "{\"id\":\"resp_1\",\"output_text\":\"h\u00e9llo\",\"temperature\":1E+999}".getBytes(StandardCharsets.UTF_8));

    private List<JobRecord> records() {
        JobRecord queued = new JobRecord("job-1", JobStatus.QUEUED, "alice", "mock/echo", 1_000, null, null, 60, null,
                null, null);
        JobRecord completed = new JobRecord("job-2", JobStatus.COMPLETED, "alice", "mock/echo", 1_000, 1_100L,
                1_200L, 60, 61_200L, response, null, "batch_1", "line-\u00fc-7");
        JobRecord failed = new JobRecord("job-3", JobStatus.FAILED, "bob", "openai/gpt", 1_000, 1_100L, 1_200L, 30,
                31_200L, null, new JobError(429, "rate_limit_error", "rate_limited", "slow down", null,
                        Map.of("retry-after", "2")));
        JobRecord orphan = JobRecord.placeholder("job-4", 5_000).started(5_001);
        return List.of(queued, completed, failed, orphan);
    }

    @Test
    void shouldReadBackEveryRecordItWrote() {
        for (JobRecord record : records()) {
            byte[] bytes = format.serializer().serialize(TOPIC, record);
            assertEquals(record, format.deserializer().deserialize(TOPIC, bytes));
        }
    }

    @Test
    void shouldKeepTheResponseAsTheBytesItWasGivenLast() {
        JobRecord completed = records().get(1);

        byte[] bytes = format.serializer().serialize(TOPIC, completed);
        byte[] tail = Arrays.copyOfRange(bytes, bytes.length - response.utf8().length, bytes.length);

        assertArrayEquals(response.utf8(), tail);
        assertArrayEquals(response.utf8(), format.deserializer().deserialize(TOPIC, bytes).response().utf8());
    }

    @Test
    void shouldStillReadRecordsWrittenAsJsonBeforeThisFormat() throws Exception {
        for (JobRecord record : records()) {
            byte[] json = mapper.writeValueAsBytes(record);
            assertEquals(record, format.deserializer().deserialize(TOPIC, json));
        }
    }

    @Test
    void shouldRefuseTruncatedOrUnknownBytesAsASerializationError() {
        byte[] bytes = format.serializer().serialize(TOPIC, records().get(2));

        for (int length : new int[] {1, 5, 20, 60}) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThrows(SerializationException.class, () -> format.deserializer().deserialize(TOPIC, truncated),
                    "truncated to " + length);
        }
        assertThrows(SerializationException.class, () -> format.deserializer().deserialize(TOPIC, new byte[] {7, 1}));
        assertThrows(SerializationException.class, () -> format.deserializer().deserialize(TOPIC, new byte[0]));
    }
}
