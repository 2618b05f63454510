package dev.ferry.ingress.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether the Kafka cluster answers: a metadata request through the admin client, at most once every two seconds
 * however often readiness is asked, and failing after two seconds without an answer.
 */
public final class BrokerReachability implements BooleanSupplier {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final Cached<Boolean> cached;

    public BrokerReachability(Admin admin, Clock clock) {
        this.admin = admin;
        this.cached = new Cached<>(this::ask, Duration.ofSeconds(2), clock);
    }

    @Override
    public boolean getAsBoolean() {
        return cached.get();
    }

    private Boolean ask() {
        try {
            return !admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
