package dev.ferry.app;

import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.KafkaSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code jobs}, {@code job-events}, {@code job-control}, the dead-letter topic, {@code job-streams}, the batch
 * topics ({@code files}, compacted; {@code batches}, {@code jobs-batch}, {@code batch-events}) and the webhook delay
 * and dead-letter topics if they are missing, and checks that the topics the job store reads ({@code jobs},
 * {@code job-events}, {@code job-control}, {@code batches}, {@code jobs-batch}) are co-partitioned. Returns the
 * partition count in use. {@code job-streams} gets the same partition count (nothing requires it) and deletes events
 * after its retention.
 */
final class TopicInitializer {

    private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);
    private static final long TIMEOUT_SECONDS = 60;
    private static final int DESCRIBE_ATTEMPTS = 10;
    private static final long DESCRIBE_RETRY_DELAY_MS = 200;

    private TopicInitializer() {
    }

    /** Describes topics just created; a broker that has not heard of them yet is asked again. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == DESCRIBE_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(DESCRIBE_RETRY_DELAY_MS * attempt);
            }
        }
    }

    static int ensureTopics(Admin admin, KafkaSettings kafka, BatchSettings batch, List<String> webhookTopics)
            throws InterruptedException {
        Map<String, String> configs = Map.of(
                "max.message.bytes", Integer.toString(kafka.maxMessageBytes()),
                "min.insync.replicas", Integer.toString(Math.min(2, kafka.replicationFactor())));
        Map<String, String> compacted = new HashMap<>(configs);
        compacted.put("cleanup.policy", "compact");
        Map<String, String> streamConfigs = new HashMap<>(configs);
        streamConfigs.put("cleanup.policy", "delete");
        streamConfigs.put("retention.ms", Long.toString(kafka.jobStreamsRetention().toMillis()));
        List<String> names = List.of(kafka.jobsTopic(), kafka.jobEventsTopic(), kafka.jobControlTopic(),
                batch.batchesTopic(), batch.batchJobsTopic());
        List<String> others = new ArrayList<>(List.of(kafka.deadLetterTopic(), batch.batchEventsTopic()));
        others.addAll(webhookTopics);
        List<NewTopic> wanted = Stream.of(
                        Stream.concat(names.stream(), others.stream())
                                .map(name -> new NewTopic(name, kafka.partitions(), kafka.replicationFactor())
                                        .configs(configs)),
                        Stream.of(new NewTopic(batch.filesTopic(), kafka.partitions(), kafka.replicationFactor())
                                .configs(compacted)),
                        Stream.of(new NewTopic(kafka.jobStreamsTopic(), kafka.partitions(), kafka.replicationFactor())
                                .configs(streamConfigs)))
                .flatMap(topics -> topics)
                .toList();
        try {
            for (var entry : admin.createTopics(wanted).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    log.info("Created topic {} with {} partitions.", entry.getKey(), kafka.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> described = describe(admin, names);
            Map<String, Integer> partitions = new TreeMap<>();
            described.forEach((name, description) -> partitions.put(name, description.partitions().size()));
            if (new HashSet<>(partitions.values()).size() != 1) {
                throw new IllegalStateException("Ferry's topics must have the same partition count: " + partitions);
            }
            return partitions.get(kafka.jobsTopic());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create or describe Ferry's topics: " + e, e);
        }
    }
}
