package dev.ferry.ingress.ops;

import java.util.List;
import java.util.Objects;

/**
 * What the batch module tells the operator page: the batches running now and how far each has got. The page shows
 * its batch panel only while this reports any; until a batch module implements it, Ferry passes {@link #none()}.
 */
@FunctionalInterface
public interface RunningBatches {

    /** At most this many batches are shown; an implementation may return more, the page cuts. */
    int SHOWN = 50;

    List<Progress> running();

    static RunningBatches none() {
        return List::of;
    }

    /**
     * One batch's progress.
     *
     * @param total request lines in its input file
     * @param completed lines that ended successfully
     * @param failed lines that ended in failure
     */
    record Progress(String batchId, String status, long total, long completed, long failed) {
        public Progress {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(status, "status");
            if (total < 0 || completed < 0 || failed < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }
    }
}
