/**
 * Batches and files: OpenAI's Files and Batch APIs on Ferry's job machinery. The records here travel on Kafka or
 * live in the job store; the README's "Batches" section and the {@code dev.ferry.batch} package describe the design.
 */
package dev.ferry.core.batch;
