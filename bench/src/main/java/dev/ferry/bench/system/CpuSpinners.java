package dev.ferry.bench.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Threads that do nothing but keep a core busy, at the same priority as everything else in the JVM, until closed. They
 * share no lock, queue, socket or allocation with anything: the load they add is CPU time and nothing else. The batch
 * scenario's isolation floor runs interactive jobs beside them, to show what a machine kept this busy does to latency
 * whatever keeps it busy.
 */
public final class CpuSpinners implements AutoCloseable {

    private final AtomicBoolean spinning = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private volatile long sink;

    private CpuSpinners(int count) {
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(this::spin, "bench-cpu-spinner-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    public static CpuSpinners start(int count) {
        return new CpuSpinners(count);
    }

    private void spin() {
        long value = System.nanoTime();
        while (spinning.get()) {
            for (int i = 0; i < 10_000; i++) {
                value ^= value << 13;
                value ^= value >>> 7;
                value ^= value << 17;
            }
        }
        sink = value;
    }

    @Override
    public void close() throws InterruptedException {
        spinning.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
