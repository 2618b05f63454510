package dev.ferry.ingress.streams;

import dev.ferry.core.job.JobStreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the {@code job-streams} topic to every client following a background response on this gateway: one
 * consumer (no group, partitions assigned by hand) on one thread reads each partition that has followers once, and
 * hands each record to the subscriptions of its job.
 *
 * <p>Where a job's stream starts: a subscription names a time, the job's start (or submission) minus a margin for
 * clock skew between machines, and Kafka's time index gives the first offset at or after it, so nothing before the
 * job is read ({@link KafkaJobStreamLocator}, asked asynchronously so that locating never holds up delivery). Subscriptions of one partition that need different offsets share the consumer: it seeks back to the
 * earliest, and each subscription skips what it has already passed. A partition nobody follows is not fetched.
 *
 * <p>Bounded memory and slow clients: the hub keeps no queue of its own. A sink that refuses an event (its client
 * is behind) is set aside with the offset it stopped at, and the others go on; when the sink asks to resume, it
 * rejoins from that offset. So a slow client holds back nobody else, and a fast one costs one record at a time.
 */
public final class JobStreamHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobStreamHub.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** One client following one job's stream. */
    public final class Subscription {
        private final String jobId;
        private final long startingAfter;
        private final JobStreamSink sink;
        private TopicPartition partition;
        private long nextOffset = -1;
        private long endAtStart = -1;
        private boolean paused;
        private boolean done;
        private boolean caughtUp;

        private Subscription(String jobId, long startingAfter, JobStreamSink sink) {
            this.jobId = jobId;
            this.startingAfter = startingAfter;
            this.sink = sink;
        }

        /** Delivers again, from the event the sink refused last. */
        public void resume() {
            command(() -> {
                if (!done && paused) {
                    paused = false;
                    follow(this);
                }
            });
        }

        /** Stops delivering; the client is gone or has its terminal event. */
        public void cancel() {
            command(() -> end(this));
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final JobStreamLocator locator;
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Map<TopicPartition, List<Subscription>> following = new HashMap<>();
    /** Every subscription not done yet, followed or set aside. */
    private final Set<Subscription> open = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean polling;

    /**
     * @param consumer reads the topic; only this hub's thread uses it
     * @param locator asks the brokers where each job's stream starts, without holding that thread
     */
    public JobStreamHub(Consumer<String, byte[]> consumer, JobStreamLocator locator) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.locator = Objects.requireNonNull(locator, "locator");
        this.thread = new Thread(this::run, "ferry-stream-hub");
        this.thread.setDaemon(true);
    }

    public JobStreamHub start() {
        thread.start();
        return this;
    }

    /**
     * Follows a job's stream from the first record at or after {@code fromTimestampMs}, delivering the job's events
     * whose sequence number is above {@code startingAfter}, until a terminal event (delivered too) or a cancel.
     */
    public Subscription subscribe(String jobId, long fromTimestampMs, long startingAfter, JobStreamSink sink) {
        Subscription subscription = new Subscription(jobId, startingAfter, sink);
        locator.locate(jobId, fromTimestampMs).whenComplete(
                (position, failure) -> command(() -> located(subscription, position, failure)));
        return subscription;
    }

    private void command(Runnable command) {
        commands.add(command);
        if (polling) {
            consumer.wakeup(); // only a poll is woken: a wakeup would make a command's own Kafka call throw
        }
    }

    private void run() {
        while (running) {
            try {
                for (Runnable command; (command = commands.poll()) != null; ) {
                    command.run();
                }
                if (following.isEmpty()) {
                    Runnable next = commands.poll(POLL.toMillis(), TimeUnit.MILLISECONDS); // nothing to read
                    if (next != null) {
                        next.run();
                    }
                    continue;
                }
                polling = true;
                if (!commands.isEmpty()) {
                    polling = false;
                    continue;
                }
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } finally {
                    polling = false;
                }
                deliver(records);
            } catch (WakeupException wakeup) {
                // a command arrived
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("The stream relay could not read job streams and ends the streams it relays: {}.",
                            e.toString());
                    failEveryone(e);
                }
            }
        }
        failEveryone(new IllegalStateException("the gateway is shutting down"));
    }

    private void located(Subscription subscription, JobStreamLocator.Position position, Throwable failure) {
        if (subscription.done) {
            return;
        }
        if (failure != null) {
            log.warn("A job stream could not be located: jobId={} error={}.", subscription.jobId, failure.toString());
            subscription.done = true;
            subscription.sink.failed(failure);
            return;
        }
        open.add(subscription);
        subscription.partition = position.partition();
        subscription.nextOffset = position.offset();
        subscription.endAtStart = position.end();
        follow(subscription);
        reportIfCaughtUp(subscription);
    }

    private void end(Subscription subscription) {
        subscription.done = true;
        open.remove(subscription);
        unfollow(subscription);
    }

    private void follow(Subscription subscription) {
        if (subscription.done) {
            return;
        }
        TopicPartition partition = subscription.partition;
        List<Subscription> followers = following.computeIfAbsent(partition, ignored -> new ArrayList<>());
        boolean wasFollowed = !followers.isEmpty();
        followers.add(subscription);
        if (!wasFollowed) {
            consumer.assign(following.keySet());
            consumer.seek(partition, subscription.nextOffset);
        } else if (consumer.position(partition) > subscription.nextOffset) {
            consumer.seek(partition, subscription.nextOffset);
        }
    }

    private void unfollow(Subscription subscription) {
        List<Subscription> followers = following.get(subscription.partition);
        if (followers != null && followers.remove(subscription) && followers.isEmpty()) {
            following.remove(subscription.partition);
            consumer.assign(following.keySet());
        }
    }

    private void deliver(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                List<Subscription> followers = following.get(partition);
                if (followers == null) {
                    break;
                }
                for (Subscription subscription : List.copyOf(followers)) {
                    deliver(subscription, record);
                }
            }
        }
        for (List<Subscription> followers : List.copyOf(following.values())) {
            List.copyOf(followers).forEach(this::reportIfCaughtUp);
        }
    }

    private void deliver(Subscription subscription, ConsumerRecord<String, byte[]> record) {
        if (record.offset() < subscription.nextOffset || subscription.done || subscription.paused) {
            return;
        }
        if (!subscription.jobId.equals(record.key())) {
            subscription.nextOffset = record.offset() + 1;
            return;
        }
        JobStreamEvent event = JobStreamEvent.of(record.key(), record.headers(), record.value()).orElse(null);
        if (event == null || event.sequence() <= subscription.startingAfter && !event.isTerminal()) {
            subscription.nextOffset = record.offset() + 1;
            return;
        }
        if (event.sequence() <= subscription.startingAfter) {
            // the client has seen the end already: end its stream without sending the terminal event again
            event = new JobStreamEvent(event.jobId(), JobStreamEvent.END, event.sequence(), new byte[0]);
        }
        if (!subscription.sink.offer(event)) {
            subscription.paused = true;
            unfollow(subscription);
            return;
        }
        subscription.caughtUp |= event.isTerminal();
        subscription.nextOffset = record.offset() + 1;
        if (event.isTerminal()) {
            end(subscription);
        }
    }

    private void reportIfCaughtUp(Subscription subscription) {
        if (!subscription.caughtUp && !subscription.done && !subscription.paused
                && subscription.nextOffset >= subscription.endAtStart) {
            subscription.caughtUp = true;
            subscription.sink.caughtUp();
        }
    }

    private void failEveryone(Throwable cause) {
        List<Subscription> all = List.copyOf(open);
        open.clear();
        following.clear();
        try {
            consumer.assign(List.of());
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        all.forEach(subscription -> {
            subscription.done = true;
            subscription.sink.failed(cause);
        });
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
