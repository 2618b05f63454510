package dev.ferry.batch.files;

import dev.ferry.core.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/**
 * Parses a {@code multipart/form-data} upload as it is read and streams its {@code file} part into a
 * {@link ChunkWriter}: Jetty's push parser gets the body 64 KiB at a time, and the file's bytes go on to Kafka as they
 * come. Only the small {@code purpose} field is kept. A file over the limit fails as soon as it passes it, and a body
 * arriving slower on average than the minimum rate (after a 5 s grace period) is cut off with a 408, as ingress does
 * for request bodies; a body that stops dead ends at the server's idle timeout.
 */
public final class MultipartUpload {

    /** What the upload carried besides the file's bytes. */
    public record Result(String purpose, String filename, ChunkWriter file) {
    }

    private static final int READ_BUFFER = 64 * 1024;
    private static final int MAX_FIELD_BYTES = 1024;
    private static final long GRACE_NANOS = 5_000_000_000L;

    private final long maxFileBytes;
    private final long minBytesPerSecond;
    private final java.util.function.LongSupplier nanoClock;

    /** @param minBytesPerSecond the slowest acceptable sender after the grace period; 0 = no limit */
    public MultipartUpload(long maxFileBytes, long minBytesPerSecond, java.util.function.LongSupplier nanoClock) {
        this.maxFileBytes = maxFileBytes;
        this.minBytesPerSecond = minBytesPerSecond;
        this.nanoClock = nanoClock;
    }

    /** An upload without a minimum rate. */
    public MultipartUpload(long maxFileBytes) {
        this(maxFileBytes, 0, System::nanoTime);
    }

    /**
     * @param contentType the request's content type, which names the boundary
     * @param newFile opens the chunk writer when the file part begins
     * @throws FerryException.InvalidRequest when the body is not a form with one file part
     * @throws FerryException.PayloadTooLarge when the file passes the limit
     */
    public Result read(String contentType, InputStream body, Supplier<ChunkWriter> newFile) throws IOException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new FerryException.InvalidRequest("upload a file as multipart/form-data with the fields file and "
                    + "purpose", null, "invalid_content_type");
        }
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw new FerryException.InvalidRequest("the multipart content type names no boundary", null,
                    "invalid_multipart");
        }
        Parts parts = new Parts(newFile);
        MultiPart.Parser parser = new MultiPart.Parser(boundary, parts);
        parser.setMaxParts(16);
        long started = nanoClock.getAsLong();
        long received = 0;
        while (!parts.complete && parts.failure == null) {
            // a fresh buffer each time: the parser may hold on to the tail of the last one (a partial boundary)
            byte[] buffer = new byte[READ_BUFFER];
            int read = body.read(buffer);
            received += Math.max(0, read);
            requireMinimumRate(received, nanoClock.getAsLong() - started, parts);
            if (read < 0) {
                parser.parse(Content.Chunk.from(ByteBuffer.allocate(0), true));
                break;
            }
            parser.parse(Content.Chunk.from(ByteBuffer.wrap(buffer, 0, read), false));
        }
        if (parts.failure != null) {
            parts.discard();
            throw parts.failure;
        }
        if (!parts.complete || parts.file == null) {
            parts.discard();
            throw new FerryException.InvalidRequest("the form has no complete 'file' part", "file",
                    "missing_required_parameter");
        }
        return new Result(parts.purpose == null ? null : parts.purpose.toString().trim(), parts.filename, parts.file);
    }

    private void requireMinimumRate(long received, long elapsedNanos, Parts parts) {
        if (minBytesPerSecond > 0 && elapsedNanos > GRACE_NANOS
                && received * 1_000_000_000.0 / elapsedNanos < minBytesPerSecond) {
            parts.discard();
            throw new FerryException.RequestTimeout("the upload arrived too slowly");
        }
    }

    /** Receives the parser's callbacks, on the reading thread. */
    private final class Parts implements MultiPart.Parser.Listener {

        private final Supplier<ChunkWriter> newFile;
        private String name;
        private String partFilename;
        private boolean inFile;
        private StringBuilder field;
        private StringBuilder purpose;
        private String filename;
        private ChunkWriter file;
        private boolean complete;
        private RuntimeException failure;

        Parts(Supplier<ChunkWriter> newFile) {
            this.newFile = newFile;
        }

        @Override
        public void onPartBegin() {
            name = null;
            partFilename = null;
            inFile = false;
            field = null;
        }

        @Override
        public void onPartHeader(String header, String value) {
            if ("content-disposition".equalsIgnoreCase(header)) {
                name = ContentDisposition.parameter(value, "name");
                partFilename = ContentDisposition.parameter(value, "filename");
            }
        }

        @Override
        public void onPartHeaders() {
            if (failure != null) {
                return;
            }
            if ("file".equals(name)) {
                if (file != null) {
                    failure = new FerryException.InvalidRequest("send one file per upload", "file", "invalid_value");
                    return;
                }
                inFile = true;
                filename = partFilename == null || partFilename.isBlank() ? "upload.jsonl" : partFilename;
                file = newFile.get();
            } else {
                field = new StringBuilder();
            }
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            if (failure != null) {
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int length = bytes.remaining();
            if (inFile) {
                if (file.bytes() + length > maxFileBytes) {
                    failure = new FerryException.PayloadTooLarge(maxFileBytes);
                    return;
                }
                byte[] copy = new byte[length];
                bytes.get(copy);
                try {
                    file.write(copy, 0, length);
                } catch (RuntimeException e) {
                    failure = e;
                }
            } else if (field != null) {
                byte[] copy = new byte[length];
                bytes.get(copy);
                field.append(new String(copy, StandardCharsets.UTF_8));
                if (field.length() > MAX_FIELD_BYTES) {
                    failure = new FerryException.InvalidRequest("the form field '" + name + "' is too long", name,
                            "invalid_value");
                }
            }
        }

        @Override
        public void onPartEnd() {
            if ("purpose".equals(name) && field != null) {
                purpose = field;
            }
            inFile = false;
            field = null;
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        @Override
        public void onFailure(Throwable cause) {
            if (failure == null) {
                failure = new FerryException.InvalidRequest("the multipart body is malformed: " + cause.getMessage(),
                        null, "invalid_multipart");
            }
        }

        void discard() {
            if (file != null) {
                file.discard();
            }
        }
    }
}
