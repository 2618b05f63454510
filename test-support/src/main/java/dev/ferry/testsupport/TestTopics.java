package dev.ferry.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/** Creates topics for tests (replication factor 1) and waits until every partition has a leader. */
public final class TestTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestTopics() {
    }

    /** Creates {@code names}, each with {@code partitions} partitions; fails if one already exists. */
    public static void create(String bootstrap, int partitions, String... names) {
        List<String> topics = List.of(names);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList())
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            await("leaders for " + topics).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> allLed(admin.describeTopics(topics).allTopicNames().get(), partitions));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + topics + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics " + topics + " took over " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topics, e);
        }
    }

    private static boolean allLed(Map<String, TopicDescription> descriptions, int partitions) {
        return descriptions.values().stream().allMatch(description -> description.partitions().size() == partitions
                && description.partitions().stream().map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty()));
    }
}
