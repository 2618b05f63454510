package dev.ferry.statestore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ferry.core.topic.KeyPartitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class CachedPlacementsTest {

    private static final int PARTITIONS = 6;
    private static final HostInfo HERE = new HostInfo("127.0.0.1", 8080);

    private final List<String> asked = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);

    /** Kafka Streams as the producer's default partitioner places keys, counting the questions. */
    private final Function<String, KeyQueryMetadata> streams = jobId -> {
        asked.add(jobId);
        return new KeyQueryMetadata(HERE, Set.of(), KeyPartitions.partitionFor(jobId, PARTITIONS));
    };

    /** Two job ids on the same partition. */
    private static List<String> samePartition() {
        List<String> ids = new ArrayList<>();
        int wanted = KeyPartitions.partitionFor("job-0", PARTITIONS);
        for (int i = 0; ids.size() < 2; i++) {
            if (KeyPartitions.partitionFor("job-" + i, PARTITIONS) == wanted) {
                ids.add("job-" + i);
            }
        }
        return ids;
    }

    @Test
    void asksOncePerPartitionAndAgainAfterASecond() {
        CachedPlacements placements = new CachedPlacements(streams, PARTITIONS, now::get);
        List<String> ids = samePartition();

        KeyQueryMetadata first = placements.of(ids.get(0));
        KeyQueryMetadata second = placements.of(ids.get(1));
        assertSame(first, second);
        assertEquals(List.of(ids.get(0)), asked);

        now.addAndGet(CachedPlacements.MAX_AGE_MS);
        placements.of(ids.get(1));
        assertEquals(List.of(ids.get(0), ids.get(1)), asked);
    }

    @Test
    void asksAgainOnceForgotten() {
        CachedPlacements placements = new CachedPlacements(streams, PARTITIONS, now::get);
        placements.of("job-1");

        placements.forget();
        placements.of("job-1");

        assertEquals(List.of("job-1", "job-1"), asked);
    }

    @Test
    void keepsNothingWhileKafkaStreamsCannotTell() {
        CachedPlacements placements = new CachedPlacements(jobId -> {
            asked.add(jobId);
            return null;
        }, PARTITIONS, now::get);

        assertNull(placements.of("job-1"));
        assertNull(placements.of("job-1"));
        assertEquals(2, asked.size());
    }

    @Test
    void stopsCachingWhenKafkaStreamsPlacesAJobElsewhere() {
        CachedPlacements placements = new CachedPlacements(jobId -> {
            asked.add(jobId);
            return new KeyQueryMetadata(HERE, Set.of(), (KeyPartitions.partitionFor(jobId, PARTITIONS) + 1)
                    % PARTITIONS);
        }, PARTITIONS, now::get);

        placements.of("job-1");
        placements.of("job-1");
        placements.of("job-1");

        assertEquals(3, asked.size(), "every lookup asks Kafka Streams once the cache disagreed with it");
    }
}
