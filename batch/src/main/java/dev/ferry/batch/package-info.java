/**
 * Batches and files: OpenAI's Files and Batch APIs on Ferry's job machinery, with Kafka the only storage.
 *
 * <h2>Topics</h2>
 * Names come from {@link dev.ferry.core.config.BatchSettings}; {@code TopicInitializer} creates them, and those the job
 * store reads are co-partitioned with {@code jobs} (it checks). One writer each:
 * <ul>
 *   <li>{@code files} (gateway; compacted): file bytes in chunks of {@code FERRY_FILE_CHUNK_BYTES} (512 KiB), key
 *       {@code <file id>/<chunk number>}, all of a file in the partition of its id. An upload is parsed as it arrives
 *       ({@link dev.ferry.batch.files.MultipartUpload}, Jetty's push parser) and written chunk by chunk with a few
 *       chunks unacknowledged at most; deleting a file tombstones its chunks.</li>
 *   <li>{@code batches} (gateway): {@link dev.ferry.core.batch.BatchLog} records, key = file or batch id:
 *       {@code file_stored} (where the chunks lie), {@code file_deleted}, {@code batch_created},
 *       {@code batch_validated} (the line count), {@code batch_rejected} (every bad line with its number),
 *       {@code batch_cancel_requested} (a cancel, or the window passed).</li>
 *   <li>{@code jobs-batch} (gateway's expander): the batch lane, line jobs in the {@code jobs} record format with
 *       headers {@code ferry-batch-id} and {@code ferry-custom-id}. Workers read it beside {@code jobs}.</li>
 *   <li>{@code batch-events} (job store): {@code dev.ferry.events.BatchEvent}, the public contract with CloudEvents headers, every change of a batch's status
 *       ({@code batch.in_progress} … {@code batch.completed}), the one place batch lifecycle events come from.</li>
 *   <li>{@code job-control} (gateway, as before) also carries {@code cancel_batch} (key = batch id).</li>
 * </ul>
 *
 * <h2>Expansion, crash-safe</h2>
 * A batch is created with one {@code batch_created} record; the gateways' {@link dev.ferry.batch.expand.BatchExpander}s
 * form a consumer group over {@code batches}. The one that gets the record reads the input file back from
 * {@code files}, validates every line with ingress's own Responses parser, and either rejects the batch or records it
 * validated and writes one job per line to the lane. A line's job id is derived from (batch id, line index)
 * ({@link dev.ferry.core.batch.BatchIds#lineJobId}) and chosen to land in the batch's own partition. The expander's
 * offset commit stays on the {@code batch_created} record until every line is acknowledged, and carries an expansion
 * cursor (lines written, lane offset) every 1,000 lines. A gateway killed mid-expansion leaves the record uncommitted;
 * the gateway that takes the partition over reads the lane from the cursor's offset, counts the lines written since,
 * and goes on after them. Were a line ever written twice, it would be the same job id and fold into the same record.
 *
 * <h2>Progress, in the job store</h2>
 * The job store reads {@code batches} and {@code jobs-batch} beside the job topics in the same processor. Since a
 * batch's lines share its partition, every change of a line's job record updates the batch's counts in the same step
 * ({@code BatchProgress}, {@code BatchFolder}): a batch poll is never behind a job poll, and every arrival order
 * folds to the same batch ({@code BatchArrivalOrderTest}).
 *
 * <h2>Outputs, streamed from the store</h2>
 * Output and error files are not stored: {@code file-<batch id>-output} and {@code -errors} are written on download,
 * a page of line records at a time, from the job store ({@link dev.ferry.batch.http.BatchRoutes}). Completed lines go
 * to the output file; failed lines (with the provider's status and error) and lines that never ran (cancelled or
 * expired) to the error file, so every {@code custom_id} is in exactly one. Line results live
 * {@code FERRY_BATCH_RESULT_TTL_SECONDS} (30 days), not the interactive TTL, and the files with them.
 *
 * <h2>The lane</h2>
 * Workers take {@code jobs-batch} with a consumer, a poll thread and a consumer group of its own, so a batch's backlog
 * never sits in a fetch buffer in front of interactive jobs; batch lines keep at most {@code FERRY_BATCH_LANE_SHARE}
 * of the worker's in-flight cap, and only the lane pauses when it is full. A worker given only the batch lane
 * ({@code FERRY_WORKER_LANES=batch}) gives it the whole cap: that is how batches run on machines of their own.
 *
 * <h2>Cancel and expiry</h2>
 * A cancel records {@code batch_cancel_requested} on {@code batches} (so the very next read shows it, through the
 * store's catch-up with that topic) and writes {@code cancel_batch} to {@code job-control}: the store shows the batch
 * {@code cancelling}, every
 * worker aborts the batch's running calls and ends its queued lines without a provider call; once every line has
 * ended the batch is {@code cancelled}. The {@link dev.ferry.batch.BatchExpirer} of each gateway looks for batches
 * of its store partitions past their window and writes the same cancel marked expired: the batch is {@code expired},
 * what finished stays in the output file, the rest is in the error file as {@code batch_expired}.
 */
package dev.ferry.batch;
