package dev.ferry.bench.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a {@code job-events} topic from the start, as an event-driven integration would, and notes when each job's
 * first terminal event ({@code completed} or {@code failed}) arrived, and which it was. Uses no consumer group.
 */
public final class JobEventsWatcher implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * A job's first terminal event: when it arrived, whether it was {@code completed} (else {@code failed}), and when
     * the worker sent it: the middle of the millisecond its record's timestamp names, moved onto the
     * {@link System#nanoTime()} clock.
     */
    public record Terminal(long nanos, boolean completed, long sentNanos) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonFactory json = new JsonFactory();
    private final Map<String, Terminal> terminalById = new ConcurrentHashMap<>();
    private final AtomicLong firstEventNanos = new AtomicLong();
    private final Thread thread;
    /** Wall-clock nanoseconds minus {@link System#nanoTime()}: turns a record's timestamp into a nanoTime. */
    private final long wallMinusNanoTime = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private volatile boolean stopping;

    public JobEventsWatcher(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-job-events-watcher");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "bench-job-events-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    noteEvent(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void noteEvent(ConsumerRecord<String, byte[]> record) {
        long now = System.nanoTime();
        firstEventNanos.compareAndSet(0, now);
        String type = eventType(record.value());
        if ("completed".equals(type) || "failed".equals(type)) {
            terminalById.putIfAbsent(record.key(), new Terminal(now, "completed".equals(type),
                    record.timestamp() * 1_000_000L + 500_000L - wallMinusNanoTime));
        }
    }

    private String eventType(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("type".equals(field)) {
                    return token == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Jobs whose first terminal event arrived, completed or failed. */
    public int terminalCount() {
        return terminalById.size();
    }

    /** When the first event of any kind arrived, or 0. */
    public long firstEventNanos() {
        return firstEventNanos.get();
    }

    /** When the latest terminal event arrived, or 0. */
    public long lastTerminalNanos() {
        return terminalById.values().stream().mapToLong(Terminal::nanos).max().orElse(0);
    }

    /** {@code jobId}'s first terminal event, if it arrived. */
    public Optional<Terminal> terminal(String jobId) {
        return Optional.ofNullable(terminalById.get(jobId));
    }

    /** Waits until every job in {@code jobIds} has a terminal event; false if the timeout passed first. */
    public boolean awaitTerminal(Collection<String> jobIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (jobIds.stream().allMatch(terminalById::containsKey)) {
                return true;
            }
            Thread.sleep(20);
        }
        return jobIds.stream().allMatch(terminalById::containsKey);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
