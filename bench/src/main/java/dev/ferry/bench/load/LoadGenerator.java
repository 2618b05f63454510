package dev.ferry.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator in the manner of wrk2: {@code connections} threads, each with its own connection and
 * its own fixed schedule, together sending at {@code rate} requests per second whatever the server does. A thread that
 * falls behind sends its late requests at once, and each latency is taken from the request's intended send time, so a
 * stall shows up in every request it delayed. Nothing is sent after the run's duration; what was left is "missed".
 */
public final class LoadGenerator {

    /** Latencies above this are recorded as this; far above any bound a run is judged by. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final int connections;
    private final ProcessCpu cpu = new ProcessCpu();

    public LoadGenerator(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be positive");
        }
        this.connections = connections;
    }

    public LoadResult run(Target target, double rate, Duration duration) throws Exception {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        long intervalNanos = Math.max(1, Math.round(connections * 1e9 / rate));
        long startNanos = System.nanoTime() + START_DELAY_NANOS;
        long endNanos = startNanos + duration.toNanos();
        List<Lane> lanes = new ArrayList<>(connections);
        List<Thread> threads = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            long firstNanos = startNanos + Math.round(i * 1e9 / rate);
            Lane lane = new Lane(target.newCaller(), firstNanos, intervalNanos, endNanos);
            lanes.add(lane);
            Thread thread = new Thread(lane, "load-" + target.name() + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        ProcessCpu.Reading cpuBefore = cpu.read();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        ProcessCpu.Spent spent = cpu.read().since(cpuBefore);
        Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        long succeeded = 0;
        long errors = 0;
        long missed = 0;
        long lastDoneNanos = endNanos;
        for (Lane lane : lanes) {
            latency.add(lane.latency);
            succeeded += lane.succeeded;
            errors += lane.errors;
            missed += lane.missed;
            lastDoneNanos = Math.max(lastDoneNanos, lane.lastDoneNanos);
        }
        return new LoadResult(target.name(), rate, succeeded, errors, missed, lastDoneNanos - startNanos,
                spent.workNanos(), spent.compilingNanos(), latency);
    }

    /** One connection's share of the schedule: every {@code interval} from {@code first} until {@code end}. */
    private static final class Lane implements Runnable {

        private final Caller caller;
        private final long intervalNanos;
        private final long endNanos;
        private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        private long nextNanos;
        private long succeeded;
        private long errors;
        private long missed;
        private long lastDoneNanos;

        Lane(Caller caller, long firstNanos, long intervalNanos, long endNanos) {
            this.caller = caller;
            this.nextNanos = firstNanos;
            this.intervalNanos = intervalNanos;
            this.endNanos = endNanos;
        }

        @Override
        public void run() {
            try (caller) {
                while (nextNanos < endNanos) {
                    long now = waitUntil(nextNanos);
                    if (now >= endNanos) {
                        missed += (endNanos - nextNanos + intervalNanos - 1) / intervalNanos;
                        return;
                    }
                    boolean ok;
                    try {
                        ok = caller.call(nextNanos);
                    } catch (Exception e) {
                        ok = false;
                    }
                    long done = System.nanoTime();
                    lastDoneNanos = done;
                    if (ok) {
                        succeeded++;
                        latency.recordValue(Math.min(HIGHEST_MICROS, (done - nextNanos) / 1000));
                    } else {
                        errors++;
                    }
                    nextNanos += intervalNanos;
                }
            }
        }

        private static long waitUntil(long deadlineNanos) {
            long now = System.nanoTime();
            while (now < deadlineNanos) {
                LockSupport.parkNanos(deadlineNanos - now);
                now = System.nanoTime();
            }
            return now;
        }
    }
}
