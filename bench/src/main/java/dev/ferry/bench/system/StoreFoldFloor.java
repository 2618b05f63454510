package dev.ferry.bench.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor under the job store's share of a submit: a bare Kafka Streams application, in the bench JVM, that puts
 * every record of a topic into a persistent, changelogged, uncached store, as the job store keeps each job it folds
 * (its job store is persistent, changelogged and uncached too). No JSON, no job rules, no indexes: what any design
 * that keeps each submitted job in a Kafka Streams store costs at least.
 */
public final class StoreFoldFloor implements AutoCloseable {

    private static final String STORE = "folded";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaStreams streams;

    private StoreFoldFloor(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Starts folding the records of {@code topics} into one store and returns once the application runs. */
    public static StoreFoldFloor start(String bootstrapServers, List<String> topics, Path stateDir)
            throws InterruptedException {
        Topology topology = new Topology();
        topology.addSource("records", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.toArray(String[]::new));
        topology.addProcessor("fold", PutEach::new, "records");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled(), "fold");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-fold-floor-" + System.nanoTime());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("the fold floor's Kafka Streams did not start: " + streams.state());
            }
            Thread.sleep(50);
        }
        return new StoreFoldFloor(streams);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }

    /** Puts each record into the store, under its key. */
    private static final class PutEach implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            store.put(record.key(), record.value());
        }
    }
}
