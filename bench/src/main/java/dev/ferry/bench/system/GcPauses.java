package dev.ferry.bench.system;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world collections of this JVM while open, as the JVM reports them, on {@link System#nanoTime()}'s
 * clock (to the millisecond: the JVM reports a collection's start in milliseconds since it started). Concurrent
 * cycles are left out: they do not stop the application.
 */
public final class GcPauses implements AutoCloseable {

    /** One collection that stopped the application, from {@code startNanos} to {@code endNanos}. */
    public record Pause(long startNanos, long endNanos) {

        public double millis() {
            return (endNanos - startNanos) / 1e6;
        }

        /** True if this pause fell in {@code [from, to]} or ended at most {@code afterNanos} before {@code from}. */
        public boolean touches(long from, long to, long afterNanos) {
            return startNanos <= to && endNanos + afterNanos >= from;
        }
    }

    private final long nanosAtJvmStart;
    private final List<Pause> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::noted;

    private GcPauses() {
        nanosAtJvmStart = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    public static GcPauses record() {
        return new GcPauses();
    }

    private void noted(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        String collector = info.getGcName();
        if (collector.contains("Concurrent") || collector.endsWith("Cycles")) {
            return; // G1's concurrent work, and the concurrent cycles Shenandoah and ZGC report beside their pauses
        }
        long start = nanosAtJvmStart + info.getGcInfo().getStartTime() * 1_000_000L;
        long end = start + info.getGcInfo().getDuration() * 1_000_000L;
        synchronized (pauses) {
            pauses.add(new Pause(start, end));
        }
    }

    /** The pauses that began from {@code fromNanos} to {@code toNanos}. */
    public List<Pause> between(long fromNanos, long toNanos) {
        synchronized (pauses) {
            return pauses.stream().filter(pause -> pause.startNanos() >= fromNanos && pause.startNanos() <= toNanos)
                    .toList();
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
