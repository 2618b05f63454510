package dev.ferry.core.lookup;

/** Counts the jobs a principal has waiting: accepted and not yet finished. */
public interface BacklogCounter {

    /**
     * @return the principal's unfinished jobs, estimated for the whole cluster from the partitions this instance
     *     hosts
     */
    long unfinishedJobs(String owner);

    /**
     * Whether the job written at {@code offset} of {@code jobs} partition {@code partition} is included in what
     * {@link #unfinishedJobs} answers now: folded by this instance, or on a partition another instance counts.
     */
    boolean counted(int partition, long offset);

    /** How many gateways share the quota (at least 1): each admits its share of jobs not yet counted. */
    int gateways();
}
