package dev.ferry.batch.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.error.FerryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class MultipartUploadTest {

    private static final String BOUNDARY = "----ferryBoundary7MA4YWxk";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;
    private static final int CHUNK = 4096;

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    private static byte[] form(byte[] file, boolean purposeFirst) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String purpose = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n";
        String fileHead = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"requests.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n";
        if (purposeFirst) {
            body.writeBytes(purpose.getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(fileHead.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        if (!purposeFirst) {
            body.writeBytes(purpose.getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private MultipartUpload.Result upload(byte[] body, long maxBytes) throws IOException {
        InputStream trickle = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
        return new MultipartUpload(maxBytes).read(CONTENT_TYPE, trickle,
                () -> new ChunkWriter(producer, "files", "file-1", 0, CHUNK));
    }

    private byte[] writtenChunks() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ProducerRecord<String, byte[]> record : producer.history()) {
            all.writeBytes(record.value());
        }
        return all.toByteArray();
    }

    @Test
    void shouldStreamTheFileIntoChunksWhateverTheOrderOfTheFields() throws IOException {
        byte[] file = new byte[50_000];
        new Random(3).nextBytes(file);
        for (boolean purposeFirst : new boolean[] {true, false}) {
            producer.clear();
            MultipartUpload.Result result = upload(form(file, purposeFirst), 1_000_000);
            result.file().finish();

            assertEquals("batch", result.purpose());
            assertEquals("requests.jsonl", result.filename());
            assertEquals(file.length, result.file().bytes());
            assertEquals((file.length + CHUNK - 1) / CHUNK, result.file().chunks());
            assertArrayEquals(file, writtenChunks());
            assertTrue(producer.history().stream().allMatch(r -> r.value().length <= CHUNK));
            assertEquals("file-1/0000000", producer.history().get(0).key());
        }
    }

    @Test
    void shouldRefuseAFileOverTheLimitAsSoonAsItPassesIt() {
        byte[] file = new byte[20_000];

        assertThrows(FerryException.PayloadTooLarge.class, () -> upload(form(file, true), 10_000));
        long written = producer.history().stream().filter(r -> r.value() != null).count();
        long tombstones = producer.history().stream().filter(r -> r.value() == null).count();
        assertTrue(written <= 3, "stopped within a chunk of the limit: " + written);
        assertEquals(written, tombstones, "the chunks written are tombstoned");
    }

    @Test
    void shouldCutOffAnUploadArrivingSlowerThanTheMinimumRateAfterTheGracePeriod() {
        long[] now = {0};
        InputStream slow = new ByteArrayInputStream(form(new byte[20_000], true)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                now[0] += 1_000_000_000L;
                return super.read(b, off, Math.min(len, 100));
            }
        };
        MultipartUpload upload = new MultipartUpload(1_000_000, 256, () -> now[0]);

        assertThrows(FerryException.RequestTimeout.class, () -> upload.read(CONTENT_TYPE, slow,
                () -> new ChunkWriter(producer, "files", "file-1", 0, CHUNK)));
    }

    @Test
    void shouldAcceptAnUploadArrivingFasterThanTheMinimumRate() throws IOException {
        long[] now = {0};
        InputStream steady = new ByteArrayInputStream(form(new byte[20_000], true)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                now[0] += 1_000_000_000L;
                return super.read(b, off, Math.min(len, 1000));
            }
        };

        MultipartUpload.Result result = new MultipartUpload(1_000_000, 256, () -> now[0]).read(CONTENT_TYPE, steady,
                () -> new ChunkWriter(producer, "files", "file-1", 0, CHUNK));

        assertEquals(20_000, result.file().bytes());
    }

    @Test
    void shouldRefuseAFormWithoutAFile() {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);

        FerryException.InvalidRequest refused =
                assertThrows(FerryException.InvalidRequest.class, () -> upload(body, 1000));
        assertEquals("file", refused.param());
    }

    @Test
    void shouldRefuseABodyThatIsNotMultipart() {
        assertThrows(FerryException.InvalidRequest.class, () -> new MultipartUpload(100).read("application/json",
                new ByteArrayInputStream(new byte[0]), () -> null));
    }

    @Test
    void shouldReadContentDispositionParameters() {
        assertEquals("file", ContentDisposition.parameter("form-data; name=\"file\"; filename=\"a;b.jsonl\"", "name"));
        assertEquals("a;b.jsonl",
                ContentDisposition.parameter("form-data; name=\"file\"; filename=\"a;b.jsonl\"", "filename"));
        assertEquals("purpose", ContentDisposition.parameter("form-data; name=purpose", "name"));
        assertNull(ContentDisposition.parameter("form-data; name=\"x\"", "filename"));
    }
}
