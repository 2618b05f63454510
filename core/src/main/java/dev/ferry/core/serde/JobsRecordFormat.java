package dev.ferry.core.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobSubmitted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How a job travels on the {@code jobs} topic: the record's value is the request body, JSON exactly as ingress
 * accepted it, and Ferry's envelope ({@link JobEnvelope}) rides in headers ({@code ferry-job-id},
 * {@code ferry-model}, {@code ferry-owner}, {@code ferry-result-ttl-seconds}, {@code ferry-submitted-at-ms}, and for a
 * line of a batch {@code ferry-batch-id} and {@code ferry-custom-id}; UTF-8 text). Nothing wraps the body, so the worker parses it with the very limits ingress applied, and the job store,
 * which needs only the envelope, never parses a body at all.
 */
public final class JobsRecordFormat implements Serde<JobSubmitted> {

    static final String JOB_ID = "ferry-job-id";
    static final String MODEL = "ferry-model";
    static final String OWNER = "ferry-owner";
    static final String RESULT_TTL_SECONDS = "ferry-result-ttl-seconds";
    static final String SUBMITTED_AT_MS = "ferry-submitted-at-ms";
    static final String BATCH_ID = "ferry-batch-id";
    static final String CUSTOM_ID = "ferry-custom-id";

    private final ObjectReader requestReader;
    private final ObjectWriter requestWriter;

    /** @param payloadMapper the mapper ingress parses requests with ({@link Json#newPayloadMapper()}) */
    public JobsRecordFormat(ObjectMapper payloadMapper) {
        this.requestReader = payloadMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.requestWriter = payloadMapper.writer();
    }

    /**
     * Reads the envelope from a record's headers.
     *
     * @throws SerializationException when a header is missing or malformed: the record is not a job
     */
    public JobEnvelope readEnvelope(Headers headers) {
        String jobId = null;
        String model = null;
        String owner = null;
        String resultTtlSeconds = null;
        String submittedAtMs = null;
        String batchId = null;
        String customId = null;
        // one pass, the last header of a key winning as with lastHeader: the job store reads this for every job
        for (Header header : headers) {
            switch (header.key()) {
                case JOB_ID -> jobId = text(header);
                case MODEL -> model = text(header);
                case OWNER -> owner = text(header);
                case RESULT_TTL_SECONDS -> resultTtlSeconds = text(header);
                case SUBMITTED_AT_MS -> submittedAtMs = text(header);
                case BATCH_ID -> batchId = text(header);
                case CUSTOM_ID -> customId = text(header);
                default -> {
                    // another producer's header: not part of the envelope
                }
            }
        }
        try {
            return new JobEnvelope(required(jobId, JOB_ID), required(model, MODEL), required(owner, OWNER),
                    Long.parseLong(required(resultTtlSeconds, RESULT_TTL_SECONDS)),
                    Long.parseLong(required(submittedAtMs, SUBMITTED_AT_MS)), batchId, customId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SerializationException("not a job: " + e.getMessage());
        }
    }

    /**
     * Reads a request body.
     *
     * @throws SerializationException when the body is not one JSON object within the payload limits
     */
    public ObjectNode readRequest(byte[] value) {
        try {
            JsonNode request = value == null ? null : requestReader.readTree(value);
            if (request instanceof ObjectNode object) {
                return object;
            }
            throw new SerializationException("the request body is not a JSON object");
        } catch (IOException e) {
            throw new SerializationException("the request body is not valid JSON: " + e.getMessage());
        }
    }

    /** Reads only the envelope of {@code jobs} records: what the job store folds. */
    public Deserializer<JobEnvelope> envelopeDeserializer() {
        return new Deserializer<>() {
            @Override
            public JobEnvelope deserialize(String topic, byte[] data) {
                throw new SerializationException("a jobs record cannot be read without its headers");
            }

            @Override
            public JobEnvelope deserialize(String topic, Headers headers, byte[] data) {
                return data == null ? null : readEnvelope(headers);
            }
        };
    }

    @Override
    public Serializer<JobSubmitted> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, JobSubmitted job) {
                throw new SerializationException("a jobs record cannot be written without headers");
            }

            @Override
            public byte[] serialize(String topic, Headers headers, JobSubmitted job) {
                if (job == null) {
                    return null;
                }
                writeEnvelope(headers, job.envelope());
                try {
                    return requestWriter.writeValueAsBytes(job.request());
                } catch (IOException e) {
                    throw new SerializationException("cannot write the request of job " + job.jobId(), e);
                }
            }
        };
    }

    @Override
    public Deserializer<JobSubmitted> deserializer() {
        return new Deserializer<>() {
            @Override
            public JobSubmitted deserialize(String topic, byte[] data) {
                throw new SerializationException("a jobs record cannot be read without its headers");
            }

            @Override
            public JobSubmitted deserialize(String topic, Headers headers, byte[] data) {
                return data == null ? null : new JobSubmitted(readEnvelope(headers), readRequest(data));
            }
        };
    }

    /** Writes {@code envelope} into {@code headers}, replacing any envelope headers they had. */
    public void writeEnvelope(Headers headers, JobEnvelope envelope) {
        headers.remove(JOB_ID).add(JOB_ID, utf8(envelope.jobId()))
                .remove(MODEL).add(MODEL, utf8(envelope.model()))
                .remove(OWNER).add(OWNER, utf8(envelope.owner()))
                .remove(RESULT_TTL_SECONDS).add(RESULT_TTL_SECONDS, utf8(Long.toString(envelope.resultTtlSeconds())))
                .remove(SUBMITTED_AT_MS).add(SUBMITTED_AT_MS, utf8(Long.toString(envelope.submittedAtMs())))
                .remove(BATCH_ID)
                .remove(CUSTOM_ID);
        if (envelope.inBatch()) {
            headers.add(BATCH_ID, utf8(envelope.batchId())).add(CUSTOM_ID, utf8(envelope.customId()));
        }
    }

    /** The header's value as text; null when it has none. */
    private static String text(Header header) {
        return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(String value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("header " + key + " is missing");
        }
        return value;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
