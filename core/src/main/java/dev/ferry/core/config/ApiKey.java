package dev.ferry.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One credential Ferry accepts, kept only as the SHA-256 of its secret. The id names the principal that owns the
 * jobs submitted with it; it is what Ferry logs and writes to Kafka, never the secret.
 *
 * @param sha256 SHA-256 of the secret's UTF-8 bytes; for {@link Kind#BASIC}, of {@code user:password}
 */
public record ApiKey(String id, Kind kind, byte[] sha256) {

    public static final String VIRTUAL_KEY_PREFIX = "sk-bf-";

    /** How the credential is presented. */
    public enum Kind {
        /** A Bifrost-style virtual key {@code sk-bf-…}: {@code x-bf-vk}, {@code Authorization: Bearer} or {@code x-api-key}. */
        VIRTUAL_KEY,
        /** Any other token: {@code Authorization: Bearer} or {@code x-api-key}. */
        API_KEY,
        /** {@code Authorization: Basic base64(user:password)}; the id is the user name. */
        BASIC
    }

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes");
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public static ApiKey fromSecret(String id, Kind kind, String secret) {
        return new ApiKey(id, kind, sha256(secret));
    }

    public static ApiKey fromHexDigest(String id, Kind kind, String hex) {
        return new ApiKey(id, kind, HexFormat.of().parseHex(hex));
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.id.equals(id) && key.kind == kind
                && MessageDigest.isEqual(key.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind);
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", kind=" + kind + "]";
    }
}
