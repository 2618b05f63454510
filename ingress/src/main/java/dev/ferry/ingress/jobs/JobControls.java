package dev.ferry.ingress.jobs;

import dev.ferry.core.job.JobControl;
import java.util.concurrent.CompletableFuture;

/** Makes a cancel or delete durable. The future completes only once Kafka has acknowledged it. */
public interface JobControls {

    CompletableFuture<Void> send(JobControl control);
}
