package dev.ferry.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.serde.Json;
import dev.ferry.testsupport.EventContract;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BatchEventFormatTest {

    private final BatchEventFormat format = new BatchEventFormat(Json.newMapper());

    @Test
    void shouldWriteABatchEventAsThePublishedSchemaDescribesIt() {
        BatchEvent event = new BatchEvent("batch_1", "completed", 5_000, "team-a", Map.of("run", "7"),
                new BatchEvent.RequestCounts(10, 9, 1), "file-out", "file-err");
        RecordHeaders headers = new RecordHeaders();
        byte[] value = format.serializer().serialize("batch-events", headers, event);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("batch-events", 0, 0, 0,
                TimestampType.CREATE_TIME, 0, value.length, "batch_1", value, headers, java.util.Optional.empty());

        assertEquals(List.of(), EventContract.load().violations(record));
        assertEquals(event, format.deserializer().deserialize("batch-events", value));
    }

    @Test
    void shouldRefuseAStatusBatchesDoNotHave() {
        assertThrows(IllegalArgumentException.class,
                () -> new BatchEvent("batch_1", "queued", 0, "team-a", Map.of(), null, null, null));
    }

    @Test
    void shouldReportEveryStatusABatchPassesThroughButCallOnlyTheLastOnesTerminal() {
        BatchEvent running = new BatchEvent("batch_1", "in_progress", 0, "team-a", Map.of(), null, null, null);
        BatchEvent expired = new BatchEvent("batch_1", "expired", 9, "team-a", Map.of(), null, null, null);

        assertFalse(running.isTerminal());
        assertTrue(expired.isTerminal());
        assertNotEquals(running.id(), expired.id(), "one event id per status reached");
    }
}
