package dev.ferry.ingress.auth;

import dev.ferry.core.config.ApiKey;
import dev.ferry.core.config.AuthSettings;
import dev.ferry.core.error.FerryException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Turns a request's credentials into the id of the principal it acts for. Accepted: {@code x-bf-vk: sk-bf-…}, the
 * same key or an API key as {@code Authorization: Bearer} or {@code x-api-key}, and {@code Authorization: Basic}.
 * Secrets are hashed and compared against every configured hash of their kind in constant time; credentials in
 * several headers must all name the same principal, and each credential header may come once only.
 */
public final class Authenticator {

    public static final String ANONYMOUS = "anonymous";

    private final AuthSettings settings;

    public Authenticator(AuthSettings settings) {
        this.settings = settings;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** True if {@code principal} (as {@link #authenticate} named it) is an operator. */
    public boolean isAdmin(String principal) {
        return settings.isAdmin(principal);
    }

    /**
     * @param authorization every {@code Authorization} header value
     * @param virtualKeys every {@code x-bf-vk} header value
     * @param apiKeys every {@code x-api-key} header value
     * @return the principal's id
     * @throws FerryException.AuthenticationFailed when credentials are missing, unknown, malformed or conflicting,
     *     or a credential header comes more than once (whichever value comes first, and even if the values agree)
     */
    public String authenticate(List<String> authorization, List<String> virtualKeys, List<String> apiKeys) {
        if (!settings.enabled()) {
            return ANONYMOUS;
        }
        requireAtMostOne("Authorization", authorization);
        requireAtMostOne("x-bf-vk", virtualKeys);
        requireAtMostOne("x-api-key", apiKeys);
        List<String> principals = new ArrayList<>(3);
        if (!authorization.isEmpty()) {
            principals.add(fromAuthorization(authorization.get(0)));
        }
        if (!virtualKeys.isEmpty()) {
            principals.add(match(ApiKey.Kind.VIRTUAL_KEY, virtualKeys.get(0).trim()));
        }
        if (!apiKeys.isEmpty()) {
            principals.add(fromToken(apiKeys.get(0).trim()));
        }
        if (principals.isEmpty()) {
            throw new FerryException.AuthenticationFailed(
                    "missing credentials: send Authorization: Bearer <key>, x-api-key or x-bf-vk");
        }
        if (principals.stream().distinct().count() > 1) {
            throw new FerryException.AuthenticationFailed("the request's credentials name different principals");
        }
        return principals.get(0);
    }

    private static void requireAtMostOne(String header, List<String> values) {
        if (values.size() > 1) {
            throw new FerryException.AuthenticationFailed("send one " + header + " header, not several");
        }
    }

    private String fromAuthorization(String header) {
        String value = header.trim();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String credentials = space < 0 ? "" : value.substring(space + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer":
                return fromToken(credentials);
            case "basic":
                return fromBasic(credentials);
            default:
                throw new FerryException.AuthenticationFailed("unsupported Authorization scheme; use Bearer or Basic");
        }
    }

    private String fromToken(String token) {
        ApiKey.Kind kind = token.startsWith(ApiKey.VIRTUAL_KEY_PREFIX) ? ApiKey.Kind.VIRTUAL_KEY : ApiKey.Kind.API_KEY;
        return match(kind, token);
    }

    private String fromBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new FerryException.AuthenticationFailed("malformed Basic credentials");
        }
        if (decoded.indexOf(':') <= 0) {
            throw new FerryException.AuthenticationFailed("malformed Basic credentials");
        }
        return match(ApiKey.Kind.BASIC, decoded);
    }

    /** Compares against every key of the kind, without stopping at a match, so timing says nothing about which. */
    private String match(ApiKey.Kind kind, String secret) {
        if (secret.isEmpty()) {
            throw new FerryException.AuthenticationFailed("empty credentials");
        }
        byte[] presented = ApiKey.sha256(secret);
        String found = null;
        for (ApiKey key : settings.keys()) {
            boolean equal = MessageDigest.isEqual(presented, key.sha256());
            if (equal && key.kind() == kind) {
                found = key.id();
            }
        }
        if (found == null) {
            throw new FerryException.AuthenticationFailed("invalid credentials");
        }
        return found;
    }
}
