package dev.ferry.core.lookup;

/** Counts the jobs a principal has waiting: accepted and not yet finished. */
@FunctionalInterface
public interface BacklogCounter {

    /**
     * @return the principal's unfinished jobs, estimated for the whole cluster from the partitions this instance
     *     hosts
     */
    long unfinishedJobs(String owner);
}
