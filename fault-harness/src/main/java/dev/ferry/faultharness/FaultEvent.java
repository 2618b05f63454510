package dev.ferry.faultharness;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One injected fault as it happened.
 *
 * @param atSeconds when the kill happened, counted from the start of the load
 * @param downSeconds from the kill until the process was started again
 * @param recoveredSeconds from the restart until it served again (gateway: /health 200; worker: up; broker: in the
 *     cluster with every replica of the scenario's topics back in sync)
 * @param ownedPartitions the {@code jobs} partitions a killed worker owned (from its consumer's log), else empty
 */
record FaultEvent(String target, long pid, double atSeconds, double downSeconds, double recoveredSeconds,
        String detail, Set<Integer> ownedPartitions) {

    FaultEvent {
        ownedPartitions = Collections.unmodifiableSortedSet(new TreeSet<>(ownedPartitions));
    }

    /** When the killed process served again, in seconds from the start of the load: the end of the fault. */
    double endSeconds() {
        return atSeconds + downSeconds + recoveredSeconds;
    }
}
