package dev.ferry.bench.system;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the bench's own Kafka broker did, read from its JMX counters (it runs in the bench JVM): the records and bytes
 * it appended to any topic (changelogs and committed offsets included) and the produce and fetch requests it
 * answered. Unlike CPU time on a shared, saturated machine, these counts do not depend on how fast the machine
 * was: divided by the jobs of a step, they say how much work each job caused the broker.
 */
public final class BrokerWork {

    private static final String ALL_TOPICS = "kafka.server:type=BrokerTopicMetrics,name=";
    private static final String REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** The broker's counters since it started; the records appended also by topic. */
    public record Reading(long records, long bytesIn, long produceRequests, long fetchRequests,
            Map<String, Long> recordsByTopic) {

        /** What the broker did between {@code before} and this reading. */
        public Reading since(Reading before) {
            Map<String, Long> byTopic = new TreeMap<>();
            recordsByTopic.forEach((topic, count) -> {
                long appended = count - before.recordsByTopic.getOrDefault(topic, 0L);
                if (appended > 0) {
                    byTopic.put(topic, appended);
                }
            });
            return new Reading(records - before.records, bytesIn - before.bytesIn,
                    produceRequests - before.produceRequests, fetchRequests - before.fetchRequests, byTopic);
        }

        /** Each count over {@code jobs}, or NaN where there were none. */
        public PerJob perJob(long jobs) {
            if (jobs == 0) {
                return new PerJob(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of());
            }
            Map<String, Double> byTopic = new TreeMap<>();
            recordsByTopic.forEach((topic, count) -> byTopic.put(topic, (double) count / jobs));
            return new PerJob((double) records / jobs, (double) bytesIn / jobs, (double) produceRequests / jobs,
                    (double) fetchRequests / jobs, byTopic);
        }
    }

    /** The broker's work per job of a step. */
    public record PerJob(double records, double bytesIn, double produceRequests, double fetchRequests,
            Map<String, Double> recordsByTopic) {
    }

    /**
     * A reading once the broker has nearly stopped taking records: once a second added fewer than {@code quietRecords}
     * records, or after {@code limit}. The job store writes its changelog after the events the bench waits for, so
     * reading at once would miss the last of it.
     */
    public Reading readWhenQuiet(long quietRecords, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Reading last = read();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            Reading next = read();
            if (next.records() - last.records() < quietRecords) {
                return next;
            }
            last = next;
        }
        return last;
    }

    public Reading read() {
        return new Reading(count(ALL_TOPICS + "MessagesInPerSec"), count(ALL_TOPICS + "BytesInPerSec"),
                requests("Produce"), requests("Fetch"), recordsByTopic());
    }

    private Map<String, Long> recordsByTopic() {
        Map<String, Long> byTopic = new TreeMap<>();
        for (ObjectName topic : names(ALL_TOPICS + "MessagesInPerSec,topic=*")) {
            byTopic.put(topic.getKeyProperty("topic"), count(topic));
        }
        return byTopic;
    }

    /** Every version of one request type: the broker counts each version apart. */
    private long requests(String type) {
        return names(REQUESTS + type + ",version=*").stream().mapToLong(this::count).sum();
    }

    private long count(String name) {
        return count(name(name));
    }

    /** A counter's value; a counter that is missing is an error, never a zero that would read as no work. */
    private long count(ObjectName name) {
        try {
            return ((Number) server.getAttribute(name, "Count")).longValue();
        } catch (JMException e) {
            throw new IllegalStateException("the broker has no counter " + name + " in this JVM", e);
        }
    }

    private Set<ObjectName> names(String pattern) {
        return server.queryNames(name(pattern), null);
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
