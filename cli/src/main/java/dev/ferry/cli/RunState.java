package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What {@code ferry batch run} has done so far for one input and output, kept beside the output as
 * {@code <output>.ferry-batch.json}: the input's SHA-256, the Ferry it went to, the uploaded file's id and the batch's
 * id, each written as soon as it is known. Run again after an interruption, the command finds the same batch there
 * instead of submitting the file twice.
 *
 * @param fileId null until the upload finished
 * @param batchId null until the batch was created
 */
record RunState(Path path, String inputSha256, String url, String fileId, String batchId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path beside(Path output) {
        return output.resolveSibling(output.getFileName() + ".ferry-batch.json");
    }

    /** The state left for this very input and Ferry, if any. */
    static Optional<RunState> load(Path path, String inputSha256, String url) throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        JsonNode saved = JSON.readTree(path.toFile());
        if (!inputSha256.equals(saved.path("input_sha256").asText()) || !url.equals(saved.path("url").asText())) {
            return Optional.empty();
        }
        return Optional.of(new RunState(path, inputSha256, url, text(saved, "file_id"), text(saved, "batch_id")));
    }

    RunState withFile(String newFileId) throws IOException {
        return new RunState(path, inputSha256, url, newFileId, null).save();
    }

    RunState withBatch(String newBatchId) throws IOException {
        return new RunState(path, inputSha256, url, fileId, newBatchId).save();
    }

    /** Written to a temporary file and moved in place, so an interruption never leaves half a state. */
    RunState save() throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("input_sha256", inputSha256);
        node.put("url", url);
        node.put("file_id", fileId);
        node.put("batch_id", batchId);
        Path partial = path.resolveSibling(path.getFileName() + ".part");
        Files.writeString(partial, node.toPrettyString());
        Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return this;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
