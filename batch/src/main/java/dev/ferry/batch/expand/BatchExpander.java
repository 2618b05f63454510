package dev.ferry.batch.expand;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.batch.BatchWriter;
import dev.ferry.batch.Pause;
import dev.ferry.batch.files.JsonLines;
import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.batch.BatchLineError;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.kafka.KafkaClientProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates new batches and expands them into line jobs: a consumer group over the {@code batches} topic whose members
 * are the gateways. For each {@code batch_created} record it checks every line of the input file (reporting bad ones,
 * and then nothing runs), records the batch as validated, and writes one job per line to the batch lane, with a job id
 * derived from the batch id and line index. Its offset commit stays on the batch's record until the last line is
 * acknowledged, carrying an {@link ExpansionCursor} every {@link #CURSOR_EVERY} lines: a gateway killed mid-expansion
 * leaves the record uncommitted, and whichever gateway takes the partition over goes on from the cursor, after the
 * lines it finds on the lane ({@link LaneScan}). Lines are neither lost nor written twice.
 */
public final class BatchExpander implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(BatchExpander.class);
    static final int CURSOR_EVERY = 1000;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private final Consumer<String, byte[]> consumer;
    private final String batchesTopic;
    private final Deserializer<BatchLog> entries;
    private final BatchWriter writer;
    private final BatchLookup lookup;
    private final BatchInput input;
    private final Function<String, LineValidator> validators;
    private final LaneScan lane;
    private final int partitions;
    private final int maxRequests;
    private final long lineResultTtlSeconds;
    private final Clock clock;
    private final Pause pause;
    private final Map<TopicPartition, OffsetAndMetadata> resumed = new HashMap<>();
    private volatile boolean stopping;

    public BatchExpander(Consumer<String, byte[]> consumer, String batchesTopic, Deserializer<BatchLog> entries,
            BatchWriter writer, BatchLookup lookup, BatchInput input, Function<String, LineValidator> validators,
            KafkaClientProperties kafka, String laneTopic, int partitions, int maxRequests, Duration lineResultTtl,
            Clock clock, Pause pause) {
        this.consumer = consumer;
        this.batchesTopic = batchesTopic;
        this.entries = entries;
        this.writer = writer;
        this.lookup = lookup;
        this.input = input;
        this.validators = validators;
        this.lane = new LaneScan(kafka, laneTopic, partitions);
        this.partitions = partitions;
        this.maxRequests = maxRequests;
        this.lineResultTtlSeconds = lineResultTtl.toSeconds();
        this.clock = clock;
        this.pause = pause;
    }

    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(batchesTopic), new RememberCursors());
        try {
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    try {
                        handle(record);
                    } catch (FerryException | KafkaException e) {
                        log.warn("Could not expand a batch this time; trying again from its cursor: partition={} "
                                + "offset={} error={}.", record.partition(), record.offset(), e.toString());
                        // every line sent is acknowledged or failed before the lane is read again from the cursor
                        writer.flush();
                        pause.pause(STORE_RETRY);
                        rewind();
                        break;
                    }
                    if (stopping) {
                        return;
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping: what was not committed is expanded again from its cursor
        } catch (RuntimeException e) {
            log.error("The batch expander stopped; another gateway (or this one, restarted) takes its batches over.",
                    e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        BatchLog entry;
        try {
            entry = entries.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.warn("The batch expander skipped a record it cannot read: partition={} offset={}.",
                    record.partition(), record.offset());
            entry = null;
        }
        if (entry instanceof BatchLog.BatchCreated created) {
            ExpansionCursor cursor = cursorFor(partition, record.offset(), created.batchId());
            if (!expand(partition, record.offset(), created, cursor)) {
                return;
            }
        }
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
    }

    /**
     * Goes back to what was committed on every assigned partition (the record of a batch half expanded, with its
     * cursor), dropping what the last poll returned beyond it.
     */
    private void rewind() {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            OffsetAndMetadata commit = committed.get(partition);
            if (commit == null) {
                consumer.seekToBeginning(List.of(partition));
                resumed.remove(partition);
            } else {
                consumer.seek(partition, commit.offset());
                resumed.put(partition, commit);
            }
        }
    }

    /** The cursor a previous expander left on this very record, if any. */
    private ExpansionCursor cursorFor(TopicPartition partition, long offset, String batchId) {
        OffsetAndMetadata committed = resumed.remove(partition);
        if (committed == null || committed.offset() != offset) {
            return null;
        }
        ExpansionCursor cursor = ExpansionCursor.decode(committed.metadata());
        return cursor != null && cursor.batchId().equals(batchId) ? cursor : null;
    }

    /** @return false when stopped before the batch was fully expanded */
    private boolean expand(TopicPartition partition, long offset, BatchLog.BatchCreated created,
            ExpansionCursor cursor) throws InterruptedException {
        Optional<FileRecord> file = findFile(created);
        if (file.isEmpty()) {
            reject(created, List.of(new BatchLineError("invalid_file", "the input file " + created.inputFileId()
                    + " no longer exists", "input_file_id", null)));
            return true;
        }
        if (cursor == null) {
            BatchValidation.Outcome outcome;
            try (BatchInput.Opened opened = input.open(file.get())) {
                outcome = BatchValidation.run(opened.lines(), validators.apply(created.endpoint()), maxRequests);
            }
            if (!outcome.passed()) {
                reject(created, outcome.errors());
                return true;
            }
            writer.record(new BatchLog.BatchValidated(created.batchId(), outcome.total(), clock.millis()));
            cursor = new ExpansionCursor(created.batchId(), 0, lane.endOffset(created.batchId()));
            commitCursor(partition, offset, cursor);
            log.info("A batch passed validation: batchId={} lines={}.", created.batchId(), outcome.total());
        } else {
            cursor = lane.recover(cursor);
            log.info("Resuming the expansion of a batch: batchId={} linesAlreadyWritten={}.", created.batchId(),
                    cursor.linesWritten());
        }
        return writeLines(partition, offset, created, file.get(), cursor);
    }

    private boolean writeLines(TopicPartition partition, long offset, BatchLog.BatchCreated created, FileRecord file,
            ExpansionCursor from) {
        LineValidator validator = validators.apply(created.endpoint());
        int index = 0;
        long lastOffset = from.scanFrom() - 1;
        java.util.ArrayDeque<Future<RecordMetadata>> unacked = new java.util.ArrayDeque<>();
        try (BatchInput.Opened opened = input.open(file)) {
            JsonLines lines = opened.lines();
            while (lines.hasNext()) {
                JsonLines.Line line = lines.next();
                if (line.blank()) {
                    continue;
                }
                if (index >= from.linesWritten()) {
                    if (stopping) {
                        return false;
                    }
                    LineValidator.ValidLine valid = validator.check(line, new HashSet<>());
                    unacked.add(writer.line(lineJob(created, index, valid)));
                }
                index++;
                if (index > from.linesWritten() && index % CURSOR_EVERY == 0) {
                    lastOffset = Math.max(lastOffset, awaitAll(unacked));
                    commitCursor(partition, offset, new ExpansionCursor(created.batchId(), index, lastOffset + 1));
                }
            }
            awaitAll(unacked);
        }
        log.info("A batch was expanded into its line jobs: batchId={} lines={}.", created.batchId(), index);
        return true;
    }

    private JobSubmitted lineJob(BatchLog.BatchCreated created, int index, LineValidator.ValidLine line) {
        ObjectNode request = line.request();
        return new JobSubmitted(new JobEnvelope(BatchIds.lineJobId(created.batchId(), index, partitions),
                request.get("model").asText(), created.owner(), lineResultTtlSeconds, clock.millis(),
                created.batchId(), line.customId()), request);
    }

    private static long awaitAll(java.util.ArrayDeque<Future<RecordMetadata>> unacked) {
        long last = -1;
        while (!unacked.isEmpty()) {
            try {
                last = Math.max(last, unacked.removeFirst().get().offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException.QueueUnavailable("interrupted while writing a batch's lines");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new FerryException.QueueUnavailable("Kafka did not take a batch line: " + e.getCause());
            }
        }
        return last;
    }

    private Optional<FileRecord> findFile(BatchLog.BatchCreated created) throws InterruptedException {
        while (true) {
            try {
                return lookup.findFile(created.inputFileId(), created.owner());
            } catch (FerryException.StoreUnavailable notYet) {
                if (stopping) {
                    throw new InterruptedException("stopping");
                }
                pause.pause(STORE_RETRY);
            }
        }
    }

    private void reject(BatchLog.BatchCreated created, List<BatchLineError> errors) {
        writer.record(new BatchLog.BatchRejected(created.batchId(), errors, clock.millis()));
        log.info("A batch failed validation: batchId={} errors={}.", created.batchId(), errors.size());
    }

    private void commitCursor(TopicPartition partition, long offset, ExpansionCursor cursor) {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset, cursor.encode())));
    }

    /** Remembers what was committed on partitions newly assigned, to resume an expansion left half done. */
    private final class RememberCursors implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            consumer.committed(new HashSet<>(assigned)).forEach((partition, committed) -> {
                if (committed != null) {
                    resumed.put(partition, committed);
                }
            });
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            revoked.forEach(resumed::remove);
        }
    }
}
