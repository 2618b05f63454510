package dev.ferry.ingress.streams;

import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.topic.FerryTopics;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a gateway needs to relay background responses' event streams: the {@link JobStreamHub} reading
 * {@code job-streams}, and one thread that now and then looks at streams gone quiet. Built and closed by the launcher.
 */
public final class JobStreams implements AutoCloseable {

    private final JobStreamHub hub;
    private final ScheduledExecutorService checks;

    public JobStreams(JobStreamHub hub, ScheduledExecutorService checks) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    /** @param admin the launcher's admin client, shared; not closed here */
    public static JobStreams create(KafkaClientProperties kafka, FerryTopics topics, Admin admin) {
        Properties props = kafka.consumer("ferry-stream-relay");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-stream-checks");
            thread.setDaemon(true);
            return thread;
        });
        return new JobStreams(new JobStreamHub(consumer, new KafkaJobStreamLocator(admin, topics.jobStreams().name())).start(), checks);
    }

    public JobStreamHub hub() {
        return hub;
    }

    public ScheduledExecutorService checks() {
        return checks;
    }

    @Override
    public void close() {
        checks.shutdownNow();
        hub.close();
    }
}
