package dev.ferry.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The credentials Ferry accepts. With none configured, authentication is off, every caller is the same anonymous
 * principal, and Ferry listens on loopback only.
 *
 * <p>Environment: {@code FERRY_VIRTUAL_KEYS}, {@code FERRY_API_KEYS} and {@code FERRY_BASIC_USERS} hold
 * comma-separated {@code id=secret} pairs (hashed as they are read); {@code FERRY_KEYS_FILE} names a file with one
 * {@code <virtual|api|basic> <id> <secret or sha256:hex> [admin]} per line, so secrets need not appear anywhere in
 * clear (its {@code webhook} lines are {@link WebhookSettings}'s). Operators are principals too: a keys-file line
 * ending in {@code admin}, or an id listed in {@code FERRY_ADMINS}, may open the operator page; tenants may not.
 *
 * @param admins ids of the credentials that are operators
 */
public record AuthSettings(List<ApiKey> keys, Set<String> admins) {

    /** Who every caller is while no credentials are configured. */
    public static final String ANONYMOUS = "anonymous";
    static final String ADMIN_FLAG = "admin";

    public AuthSettings {
        keys = List.copyOf(keys);
        admins = Set.copyOf(admins);
    }

    /** Credentials of tenants only. */
    public AuthSettings(List<ApiKey> keys) {
        this(keys, Set.of());
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /**
     * True if {@code principal} is an operator: a credential marked admin, or anonymous while no credentials are
     * configured (Ferry then listens on loopback only, and whoever reaches it runs it).
     */
    public boolean isAdmin(String principal) {
        return enabled() ? admins.contains(principal) : ANONYMOUS.equals(principal);
    }

    /** True if {@code principal} can submit jobs: a configured credential's id, or anonymous with none configured. */
    public boolean knowsPrincipal(String principal) {
        return enabled() ? keys.stream().anyMatch(key -> key.id().equals(principal)) : ANONYMOUS.equals(principal);
    }

    static AuthSettings from(Env env, List<KeysFile.Line> keysFile) {
        List<ApiKey> keys = new ArrayList<>();
        pairs(env, "FERRY_VIRTUAL_KEYS", ApiKey.Kind.VIRTUAL_KEY, keys);
        pairs(env, "FERRY_API_KEYS", ApiKey.Kind.API_KEY, keys);
        pairs(env, "FERRY_BASIC_USERS", ApiKey.Kind.BASIC, keys);
        Set<String> admins = new HashSet<>();
        readFile(env, keysFile, keys, admins);
        Set<String> ids = new HashSet<>();
        for (ApiKey key : keys) {
            if (!ids.add(key.kind() + "/" + key.id())) {
                env.problem("credential id '" + key.id() + "' is configured twice");
            }
        }
        env.optional("FERRY_ADMINS").ifPresent(list -> {
            for (String id : list.split(",")) {
                String trimmed = id.trim();
                if (keys.stream().noneMatch(key -> key.id().equals(trimmed))) {
                    env.problem("FERRY_ADMINS names '" + trimmed + "', which is no configured credential's id");
                } else {
                    admins.add(trimmed);
                }
            }
        });
        return new AuthSettings(keys, admins);
    }

    private static void pairs(Env env, String variable, ApiKey.Kind kind, List<ApiKey> keys) {
        env.optional(variable).ifPresent(value -> {
            for (String pair : value.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    env.problem(variable + " must hold comma-separated id=secret pairs");
                    continue;
                }
                add(env, variable, kind, pair.substring(0, eq).trim(), pair.substring(eq + 1).trim(), keys);
            }
        });
    }

    private static void readFile(Env env, List<KeysFile.Line> lines, List<ApiKey> keys, Set<String> admins) {
        for (KeysFile.Line line : lines) {
            if (line.kind().equals(WebhookSettings.KEYS_FILE_KIND)) {
                continue;
            }
            List<String> fields = line.fields();
            boolean admin = fields.size() == 4 && fields.get(3).equals(ADMIN_FLAG);
            ApiKey.Kind kind = fields.size() == 3 || admin ? kind(fields.get(0)) : null;
            if (kind == null) {
                env.problem(line.where() + ": expected '<virtual|api|basic> <id> <secret> [admin]' or '"
                        + WebhookSettings.KEYS_FILE_FORMAT + "'");
                continue;
            }
            if (admin) {
                admins.add(fields.get(1));
            }
            String secret = fields.get(2);
            if (secret.startsWith("sha256:") && secret.length() == 7 + 64) {
                keys.add(ApiKey.fromHexDigest(fields.get(1), kind, secret.substring(7)));
            } else {
                add(env, line.where(), kind, fields.get(1), secret, keys);
            }
        }
    }

    private static void add(Env env, String where, ApiKey.Kind kind, String id, String secret, List<ApiKey> keys) {
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            env.problem(where + ": credential ids are 1-64 letters, digits, '.', '_' or '-'");
        } else if (kind == ApiKey.Kind.VIRTUAL_KEY && !secret.startsWith(ApiKey.VIRTUAL_KEY_PREFIX)) {
            env.problem(where + ": virtual keys start with " + ApiKey.VIRTUAL_KEY_PREFIX);
        } else if (kind == ApiKey.Kind.API_KEY && secret.startsWith(ApiKey.VIRTUAL_KEY_PREFIX)) {
            env.problem(where + ": keys starting with " + ApiKey.VIRTUAL_KEY_PREFIX + " are virtual keys");
        } else if (secret.length() < 8) {
            env.problem(where + ": secrets must be at least 8 characters");
        } else {
            keys.add(ApiKey.fromSecret(id, kind, kind == ApiKey.Kind.BASIC ? id + ":" + secret : secret));
        }
    }

    private static ApiKey.Kind kind(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "virtual" -> ApiKey.Kind.VIRTUAL_KEY;
            case "api" -> ApiKey.Kind.API_KEY;
            case "basic" -> ApiKey.Kind.BASIC;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "AuthSettings[" + keys.size() + " credentials, " + admins.size() + " admins]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthSettings settings && settings.keys.equals(keys) && settings.admins.equals(admins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys, admins);
    }
}
