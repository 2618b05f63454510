package dev.ferry.core.topic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.job.DeadLetter;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobStreamEvent;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.JobsRecordFormat;
import dev.ferry.core.serde.Json;
import dev.ferry.core.serde.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the job pipeline, built once by the launcher. Each has one writer: ingress writes {@code jobs} and
 * {@code jobControl}, workers write {@code jobEvents}, {@code deadLetters} and {@code jobStreams}. All are keyed by
 * job id; the first three must have the same partition count, since the state store reads them as one co-partitioned
 * stream. {@code jobEvents} here is the job store's view of the public topic ({@link JobEvent}); workers write it in
 * the full public format through the events module's {@code EventTopics}. {@code jobStreams} holds the events of
 * streamed background responses ({@link JobStreamEvent}).
 *
 * <p>Batches add three: {@code files} (file bytes in chunks, key = file id; the gateway writes it), {@code batches}
 * (file and batch records, key = file or batch id; the gateway writes it) and {@code batchJobs} (the batch lane: line
 * jobs in the jobs format, key = job id; the gateway's expander writes it). The job store reads {@code batches} and
 * {@code batchJobs} beside the job topics, so they are co-partitioned with {@code jobs} too. Batch status changes go
 * to the public {@code batch-events} topic, which the events module describes.
 */
public record FerryTopics(
        Topic<String, JobSubmitted> jobs,
        Topic<String, JobEvent> jobEvents,
        Topic<String, JobControl> jobControl,
        Topic<String, DeadLetter> deadLetters,
        Topic<String, byte[]> jobStreams,
        Topic<String, byte[]> files,
        Topic<String, BatchLog> batches,
        Topic<String, JobSubmitted> batchJobs) {

    public FerryTopics {
        if (!(jobs.valueSerde() instanceof JobsRecordFormat) || !(batchJobs.valueSerde() instanceof JobsRecordFormat)) {
            throw new IllegalArgumentException("jobs records are written in the JobsRecordFormat");
        }
    }

    /**
     * @param mapper the mapper of Ferry's records ({@link Json#newMapper()}); requests on {@code jobs} are read with
     *     the payload limits instead ({@link JobsRecordFormat})
     */
    public static FerryTopics create(KafkaSettings kafka, ObjectMapper mapper) {
        return create(kafka, BatchSettings.defaults(), mapper);
    }

    public static FerryTopics create(KafkaSettings kafka, BatchSettings batch, ObjectMapper mapper) {
        JobsRecordFormat jobsFormat = new JobsRecordFormat(Json.newPayloadMapper());
        return new FerryTopics(
                new Topic<>(kafka.jobsTopic(), Serdes.String(), jobsFormat),
                new Topic<>(kafka.jobEventsTopic(), Serdes.String(),
                        JsonSerde.keepingRaw(mapper, JobEvent.class, JobEvent.RESPONSE_FIELD)),
                new Topic<>(kafka.jobControlTopic(), Serdes.String(), new JsonSerde<>(mapper, JobControl.class)),
                new Topic<>(kafka.deadLetterTopic(), Serdes.String(), new JsonSerde<>(mapper, DeadLetter.class)),
                new Topic<>(kafka.jobStreamsTopic(), Serdes.String(), Serdes.ByteArray()),
                new Topic<>(batch.filesTopic(), Serdes.String(), Serdes.ByteArray()),
                new Topic<>(batch.batchesTopic(), Serdes.String(), new JsonSerde<>(mapper, BatchLog.class)),
                new Topic<>(batch.batchJobsTopic(), Serdes.String(), jobsFormat));
    }

    /** How {@code jobs} records are laid out: the worker reads their envelope and body separately. */
    public JobsRecordFormat jobsFormat() {
        return (JobsRecordFormat) jobs.valueSerde();
    }
}
