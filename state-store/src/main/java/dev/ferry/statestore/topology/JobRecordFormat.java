package dev.ferry.statestore.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.serde.RawJson;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How the job store keeps a {@link JobRecord} in RocksDB and on its changelog: a poll of a finished job reads the
 * record and answers with its response, so the response is stored as its own bytes, last, and read back by slicing
 * instead of parsing. The fields before it are a short binary header.
 *
 * <p>Layout, version 1: the byte {@code 0x01}; then the job id, status (its wire name), owner, model, batch id and
 * {@code custom_id} as strings; created-at and result TTL as longs; started-at, completed-at and expires-at as optional
 * longs; the error as optional JSON; and the response's JSON bytes up to the end (none for no response). A string is
 * its UTF-8 length as an int ({@code -1} for null) and its bytes; an optional long is a presence byte and the long.
 *
 * <p>Records written before this format are JSON objects (first byte <code>'{'</code>) and are still read, so a store
 * restored from an older changelog keeps serving them. The format is the store's own: nothing outside Ferry's job
 * store reads its changelog.
 */
final class JobRecordFormat implements Serde<JobRecord> {

    private static final byte VERSION_1 = 0x01;
    private static final byte JSON_OBJECT = '{';

    private final ObjectReader jsonRecords;
    private final ObjectReader errors;
    private final ObjectWriter errorWriter;

    JobRecordFormat(ObjectMapper mapper) {
        this.jsonRecords = mapper.readerFor(JobRecord.class);
        this.errors = mapper.readerFor(JobError.class);
        this.errorWriter = mapper.writerFor(JobError.class);
    }

    @Override
    public Serializer<JobRecord> serializer() {
        return (topic, record) -> record == null ? null : write(record);
    }

    @Override
    public Deserializer<JobRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return read(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Could not read a job record from " + topic, e);
            }
        };
    }

    byte[] write(JobRecord record) {
        byte[][] strings = {
            utf8(record.jobId()), utf8(record.status().wire()), utf8(record.owner()), utf8(record.model()),
            utf8(record.batchId()), utf8(record.customId()),
        };
        byte[] error = record.error() == null ? null : errorJson(record.error());
        byte[] response = record.response() == null ? new byte[0] : record.response().utf8();
        int size = 1 + 2 * Long.BYTES + 3 * (1 + Long.BYTES) + Integer.BYTES + length(error) + response.length;
        for (byte[] string : strings) {
            size += Integer.BYTES + length(string);
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION_1);
        for (byte[] string : strings) {
            putBytes(out, string);
        }
        out.putLong(record.createdAtMs()).putLong(record.resultTtlSeconds());
        putOptional(out, record.startedAtMs());
        putOptional(out, record.completedAtMs());
        putOptional(out, record.expiresAtMs());
        putBytes(out, error);
        return out.put(response).array();
    }

    JobRecord read(byte[] bytes) throws IOException {
        if (bytes.length > 0 && bytes[0] == JSON_OBJECT) {
            return jsonRecords.readValue(bytes);
        }
        if (bytes.length == 0 || bytes[0] != VERSION_1) {
            throw new SerializationException("unknown job record format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            String jobId = getString(in);
            JobStatus status = JobStatus.fromWire(getString(in));
            String owner = getString(in);
            String model = getString(in);
            String batchId = getString(in);
            String customId = getString(in);
            long createdAtMs = in.getLong();
            long resultTtlSeconds = in.getLong();
            Long startedAtMs = getOptional(in);
            Long completedAtMs = getOptional(in);
            Long expiresAtMs = getOptional(in);
            byte[] error = getBytes(in);
            RawJson response = in.hasRemaining()
                    ? RawJson.ofBytes(Arrays.copyOfRange(bytes, in.position(), bytes.length)) : null;
            return new JobRecord(jobId, status, owner, model, createdAtMs, startedAtMs, completedAtMs,
                    resultTtlSeconds, expiresAtMs, response, error == null ? null : errors.readValue(error), batchId,
                    customId);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("a truncated or malformed job record", e);
        }
    }

    private byte[] errorJson(JobError error) {
        try {
            return errorWriter.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new SerializationException("a job error could not be written", e);
        }
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        if (bytes == null) {
            out.putInt(-1);
        } else {
            out.putInt(bytes.length).put(bytes);
        }
    }

    private static void putOptional(ByteBuffer out, Long value) {
        if (value == null) {
            out.put((byte) 0).putLong(0);
        } else {
            out.put((byte) 1).putLong(value);
        }
    }

    private static byte[] getBytes(ByteBuffer in) {
        int length = fieldLength(in);
        if (length == -1) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String getString(ByteBuffer in) {
        int length = fieldLength(in);
        if (length == -1) {
            return null;
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    /** A field's length, -1 for null; never more than what is left. */
    private static int fieldLength(ByteBuffer in) {
        int length = in.getInt();
        if (length < -1 || length > in.remaining()) {
            throw new IllegalArgumentException("a field of " + length + " bytes");
        }
        return length;
    }

    private static Long getOptional(ByteBuffer in) {
        byte present = in.get();
        long value = in.getLong();
        return present == 0 ? null : value;
    }
}
