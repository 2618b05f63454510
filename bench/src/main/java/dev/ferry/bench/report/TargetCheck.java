package dev.ferry.bench.report;

/** One of the performance targets, what this run measured for it, and whether it holds. */
public record TargetCheck(String target, String measured, boolean holds) {
}
