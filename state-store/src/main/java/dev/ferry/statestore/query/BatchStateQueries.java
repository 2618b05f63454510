package dev.ferry.statestore.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.config.StoreSettings;
import java.net.http.HttpClient;
import org.apache.kafka.clients.admin.Admin;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.statestore.topology.ActivePartitions;
import dev.ferry.statestore.topology.JobStateTopology;
import dev.ferry.statestore.topology.JobsTopicProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The only reader of the batch and file stores. A batch, a file or a batch's lines are read where their partition is
 * active: here, or on the instance hosting it over HTTP ({@link RemoteBatchLookup}). Lists gather every instance's
 * answer. Someone else's batch or file is answered exactly like an unknown id, after the same catch-up with the
 * {@code batches} topic, so that a read right after a create never misses.
 */
public final class BatchStateQueries implements BatchLookup {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Comparator<BatchRecord> NEWEST_BATCH_FIRST =
            Comparator.comparingLong(BatchRecord::createdAtMs).reversed().thenComparing(BatchRecord::batchId);
    private static final Comparator<FileRecord> NEWEST_FILE_FIRST =
            Comparator.comparingLong(FileRecord::createdAtMs).reversed().thenComparing(FileRecord::fileId);

    private final KafkaStreams streams;
    private final JobsTopicOffsets batchesOffsets;
    private final ActivePartitions active;
    private final ReadYourWrites catchUp;
    private final Optional<HostInfo> self;
    private final RemoteBatchLookup remote;
    private final Local local = new Local();

    BatchStateQueries(KafkaStreams streams, JobsTopicOffsets batchesOffsets, JobsTopicProgress batchesProgress,
            ActivePartitions active, Duration catchUpTimeout, LookupScheduler scheduler, Optional<HostInfo> self,
            RemoteBatchLookup remote) {
        this.streams = streams;
        this.batchesOffsets = batchesOffsets;
        this.active = active;
        this.catchUp = new ReadYourWrites(batchesOffsets, batchesProgress, catchUpTimeout, scheduler);
        this.self = self;
        this.remote = remote;
    }

    /**
     * @param batchesTopic the {@code batches} topic, co-partitioned with {@code jobs}
     * @param self this instance's {@code application.server}, when other instances may host store partitions
     */
    public static BatchStateQueries create(KafkaStreams streams, Admin admin, String batchesTopic,
            StoreSettings settings, int partitions, JobsTopicProgress batchesProgress, ActivePartitions active,
            Optional<HostInfo> self, HttpClient http, ObjectMapper mapper, ScheduledExecutorService scheduler) {
        return new BatchStateQueries(streams,
                new JobsTopicOffsets(admin, batchesTopic, settings.applicationId(), partitions), batchesProgress,
                active, settings.readYourWritesTimeout(), LookupScheduler.on(scheduler), self,
                new RemoteBatchLookup(http, mapper, settings.clusterToken(), settings.readYourWritesTimeout()));
    }

    /**
     * The batches still running in this instance's own active partitions (created, not ended), for the operator page:
     * every owner's, so only operators may see it.
     */
    public List<BatchRecord> running() {
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            return List.of();
        }
        List<BatchRecord> running = new ArrayList<>();
        try {
            for (ReadOnlyKeyValueStore<String, BatchRecord> store : active.allBatches()) {
                try (KeyValueIterator<String, BatchRecord> all = store.all()) {
                    all.forEachRemaining(entry -> {
                        if (entry.value != null && entry.value.owner() != null && !entry.value.status().isTerminal()) {
                            running.add(entry.value);
                        }
                    });
                }
            }
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
        running.sort(NEWEST_BATCH_FIRST);
        return running;
    }

    /** Answers from this instance's own active partitions only (for other instances' forwarded reads). */
    public BatchLookup local() {
        return local;
    }

    @Override
    public Optional<BatchRecord> findBatch(String batchId, String owner) {
        Optional<HostInfo> elsewhere = hostOf(batchId);
        return elsewhere.isPresent() ? remote.findBatch(elsewhere.get(), batchId, owner) : local.findBatch(batchId, owner);
    }

    @Override
    public Optional<FileRecord> findFile(String fileId, String owner) {
        Optional<HostInfo> elsewhere = hostOf(fileId);
        return elsewhere.isPresent() ? remote.findFile(elsewhere.get(), fileId, owner) : local.findFile(fileId, owner);
    }

    @Override
    public List<JobRecord> lines(String batchId, String owner, int from, int count) {
        Optional<HostInfo> elsewhere = hostOf(batchId);
        return elsewhere.isPresent() ? remote.lines(elsewhere.get(), batchId, owner, from, count)
                : local.lines(batchId, owner, from, count);
    }

    @Override
    public List<BatchRecord> listBatches(String owner, String after, int limit) {
        List<BatchRecord> all = new ArrayList<>(local.listBatches(owner, null, Integer.MAX_VALUE));
        for (HostInfo host : otherHosts()) {
            all.addAll(remote.listBatches(host, owner));
        }
        all.sort(NEWEST_BATCH_FIRST);
        return page(all, after, BatchRecord::batchId, limit);
    }

    @Override
    public List<FileRecord> listFiles(String owner, String after, int limit) {
        List<FileRecord> all = new ArrayList<>(local.listFiles(owner, null, Integer.MAX_VALUE));
        for (HostInfo host : otherHosts()) {
            all.addAll(remote.listFiles(host, owner));
        }
        all.sort(NEWEST_FILE_FIRST);
        return page(all, after, FileRecord::fileId, limit);
    }

    @Override
    public List<BatchRecord> overdueBatches(long nowMs) {
        return local.overdueBatches(nowMs);
    }

    @Override
    public void awaitFolded(String key) {
        Optional<HostInfo> elsewhere = hostOf(key);
        if (elsewhere.isPresent()) {
            remote.awaitFolded(elsewhere.get(), key);
        } else {
            local.awaitFolded(key);
        }
    }

    private Optional<HostInfo> hostOf(String key) {
        requireRunning();
        if (self.isEmpty()) {
            return Optional.empty();
        }
        KeyQueryMetadata where = streams.queryMetadataForKey(JobStateTopology.BATCH_STORE, key,
                Serdes.String().serializer());
        if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw rebalancing();
        }
        return where.activeHost().equals(self.get()) ? Optional.empty() : Optional.of(where.activeHost());
    }

    private List<HostInfo> otherHosts() {
        requireRunning();
        if (self.isEmpty()) {
            return List.of();
        }
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self.get())).distinct().toList();
    }

    private static <T> List<T> page(List<T> sorted, String after, java.util.function.Function<T, String> id,
            int limit) {
        int start = 0;
        if (after != null) {
            for (int i = 0; i < sorted.size(); i++) {
                if (id.apply(sorted.get(i)).equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        return List.copyOf(sorted.subList(start, Math.min(sorted.size(), start + Math.max(0, limit))));
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new FerryException.StoreUnavailable(
                    "the job store is " + streams.state().name().toLowerCase() + "; retry shortly", RETRY_AFTER);
        }
    }

    private static FerryException.StoreUnavailable rebalancing() {
        return new FerryException.StoreUnavailable("the job store is rebalancing; retry shortly", RETRY_AFTER);
    }

    /** Reads from the partitions active here, waiting for the catch-up on a miss. */
    private final class Local implements BatchLookup {

        @Override
        public Optional<BatchRecord> findBatch(String batchId, String owner) {
            requireRunning();
            return readVisible(batchId, active::batches, batch -> batch.isVisibleTo(owner));
        }

        @Override
        public Optional<FileRecord> findFile(String fileId, String owner) {
            requireRunning();
            return readVisible(fileId, active::files, file -> file.isVisibleTo(owner));
        }

        @Override
        public List<JobRecord> lines(String batchId, String owner, int from, int count) {
            BatchRecord batch = findBatch(batchId, owner).orElseThrow(FerryException.JobNotFound::new);
            int total = batch.total() == null ? 0 : batch.total();
            int partitions = batchesOffsets.partitions();
            int partition = batchesOffsets.partitionFor(batchId);
            ReadOnlyKeyValueStore<String, JobRecord> jobs = active.jobs(partition).orElseThrow(
                    BatchStateQueries::rebalancing);
            List<JobRecord> lines = new ArrayList<>();
            try {
                for (int line = Math.max(0, from); line < Math.min(total, from + count); line++) {
                    lines.add(jobs.get(BatchIds.lineJobId(batchId, line, partitions)));
                }
            } catch (InvalidStateStoreException e) {
                throw rebalancing();
            }
            return lines;
        }

        @Override
        public List<BatchRecord> listBatches(String owner, String after, int limit) {
            requireRunning();
            catchUpEverywhere();
            List<BatchRecord> found = new ArrayList<>();
            scan(active.allBatches(), batch -> batch.isVisibleTo(owner), found);
            found.sort(NEWEST_BATCH_FIRST);
            return page(found, after, BatchRecord::batchId, limit);
        }

        @Override
        public List<FileRecord> listFiles(String owner, String after, int limit) {
            requireRunning();
            catchUpEverywhere();
            List<FileRecord> found = new ArrayList<>();
            scan(active.allFiles(), file -> file.isVisibleTo(owner), found);
            found.sort(NEWEST_FILE_FIRST);
            return page(found, after, FileRecord::fileId, limit);
        }

        @Override
        public List<BatchRecord> overdueBatches(long nowMs) {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return List.of();
            }
            List<BatchRecord> found = new ArrayList<>();
            scan(active.allBatches(), batch -> batch.owner() != null && !batch.status().isTerminal()
                    && batch.expiresAtMs() <= nowMs, found);
            return found;
        }

        /** A list, like a read, shows whatever the {@code batches} partitions held when it was asked for. */
        private void catchUpEverywhere() {
            for (int partition : active.partitions()) {
                catchUp.awaitFolded(partition);
            }
        }

        @Override
        public void awaitFolded(String key) {
            requireRunning();
            catchUp.awaitFolded(batchesOffsets.partitionFor(key));
        }

        private <T> void scan(java.util.Collection<ReadOnlyKeyValueStore<String, T>> stores, Predicate<T> wanted,
                List<T> into) {
            try {
                for (ReadOnlyKeyValueStore<String, T> store : stores) {
                    try (KeyValueIterator<String, T> all = store.all()) {
                        all.forEachRemaining(entry -> {
                            if (entry.value != null && wanted.test(entry.value)) {
                                into.add(entry.value);
                            }
                        });
                    }
                }
            } catch (InvalidStateStoreException e) {
                throw rebalancing();
            }
        }

        private <T> Optional<T> readVisible(String key,
                IntFunction<Optional<ReadOnlyKeyValueStore<String, T>>> storeOf, Predicate<T> visible) {
            int partition = batchesOffsets.partitionFor(key);
            T found = read(storeOf, key, partition);
            if (found == null || !visible.test(found)) {
                catchUp.awaitFolded(partition);
                found = read(storeOf, key, partition);
            }
            return Optional.ofNullable(found).filter(visible);
        }

        private <T> T read(IntFunction<Optional<ReadOnlyKeyValueStore<String, T>>> storeOf, String key,
                int partition) {
            ReadOnlyKeyValueStore<String, T> store = storeOf.apply(partition).orElseThrow(
                    BatchStateQueries::rebalancing);
            try {
                return store.get(key);
            } catch (InvalidStateStoreException e) {
                throw rebalancing();
            }
        }
    }
}
