package dev.ferry.events;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CloudEvents attributes Ferry's public events carry (Kafka protocol binding, binary mode: {@code ce_*} headers,
 * the value is the JSON data). Types are reverse-DNS names; the schema version is in {@code dataschema}, and changes
 * within a version only add optional fields.
 */
public final class EventTypes {

    public static final String JOB_PREFIX = "dev.ferry.job.";
    public static final String BATCH_PREFIX = "dev.ferry.batch.";
    public static final URI JOB_SOURCE = URI.create("/ferry/jobs");
    public static final URI BATCH_SOURCE = URI.create("/ferry/batches");
    public static final URI JOB_SCHEMA = URI.create("https://ferry.dev/schemas/job-event.v1.json");
    public static final URI BATCH_SCHEMA = URI.create("https://ferry.dev/schemas/batch-event.v1.json");

    /** Every {@code ce_type} Ferry writes, as the AsyncAPI document lists them. */
    public static final List<String> ALL = Stream.concat(
            Stream.of("started", "completed", "failed", "cancelled").map(kind -> JOB_PREFIX + kind),
            BatchEvent.STATUSES.stream().map(status -> BATCH_PREFIX + status)).toList();

    private EventTypes() {
    }
}
