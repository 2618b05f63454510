package dev.ferry.statestore;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a record the job store cannot read (written by something other than Ferry, or by a newer Ferry), with one
 * log line naming where it is, rather than a stack trace per record or a stopped store.
 */
public final class SkipUnreadableRecords implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(SkipUnreadableRecords.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception error) {
        log.warn("The job store skipped a record it cannot read: topic={} partition={} offset={} error={}.",
                record.topic(), record.partition(), record.offset(), error.getMessage());
        return Response.resume();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
