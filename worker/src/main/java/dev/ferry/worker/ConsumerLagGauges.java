package dev.ferry.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ferry_worker_consumer_lag_records{lane,partition}}: how many records of each partition of a lane's topic
 * ({@code interactive}: {@code jobs}; {@code batch}: {@code jobs-batch}) this worker holds are not yet fetched, from
 * the consumer's own view (no broker round trip), refreshed at most once a second by the poll thread. A partition
 * that moves to another worker stops being reported here.
 */
final class ConsumerLagGauges {

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MeterRegistry registry;
    private final String lane;
    private final Map<Integer, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<Integer, Gauge> gauges = new ConcurrentHashMap<>();
    private long nextRefreshNanos;

    ConsumerLagGauges(MeterRegistry registry, String lane) {
        this.registry = registry;
        this.lane = lane;
    }

    /** Called on the poll thread after each poll. */
    void refresh(Consumer<?, ?> consumer, long nowNanos) {
        if (nowNanos - nextRefreshNanos < 0) {
            return;
        }
        nextRefreshNanos = nowNanos + REFRESH_NANOS;
        Set<Integer> assigned = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            assigned.add(partition.partition());
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                lags.computeIfAbsent(partition.partition(), this::register).set(lag.getAsLong());
            }
        }
        for (Integer gone : Set.copyOf(gauges.keySet())) {
            if (!assigned.contains(gone)) {
                registry.remove(gauges.remove(gone));
                lags.remove(gone);
            }
        }
    }

    private AtomicLong register(int partition) {
        AtomicLong lag = new AtomicLong();
        gauges.put(partition, Gauge.builder("ferry.worker.consumer.lag", lag, AtomicLong::get)
                .description("Records of a lane's partition not yet fetched by the worker that holds it")
                .baseUnit("records")
                .tag("lane", lane)
                .tag("partition", Integer.toString(partition))
                .register(registry));
        return lag;
    }
}
