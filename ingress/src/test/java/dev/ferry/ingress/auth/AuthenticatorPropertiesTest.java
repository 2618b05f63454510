package dev.ferry.ingress.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.ApiKey;
import dev.ferry.core.config.AuthSettings;
import dev.ferry.core.error.FerryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever a client puts in its credential headers, the answer is a principal or a 401, never another failure; and a
 * credential header sent twice is a 401 whatever its values.
 */
class AuthenticatorPropertiesTest {

    private static final String ALICE_VK = "sk-bf-alice-0123456789";
    private static final String BOB_KEY = "bob-secret-0123456789";
    private static final String CAROL = "carol:carol-password";
    private static final Set<String> PRINCIPALS = Set.of("alice", "bob", "carol");

    private final Authenticator authenticator = new Authenticator(new AuthSettings(List.of(
            ApiKey.fromSecret("alice", ApiKey.Kind.VIRTUAL_KEY, ALICE_VK),
            ApiKey.fromSecret("bob", ApiKey.Kind.API_KEY, BOB_KEY),
            ApiKey.fromSecret("carol", ApiKey.Kind.BASIC, CAROL))));

    @Property(tries = 5000)
    void shouldAnswerAnyHeadersWithAConfiguredPrincipalOrAnAuthenticationFailure(
            @ForAll("authorizationHeaders") List<String> authorization,
            @ForAll("tokenHeaders") List<String> virtualKeys,
            @ForAll("tokenHeaders") List<String> apiKeys) {
        String principal;
        try {
            principal = authenticator.authenticate(authorization, virtualKeys, apiKeys);
        } catch (FerryException.AuthenticationFailed rejected) {
            assertEquals("invalid_api_key", rejected.code());
            return;
        }
        assertTrue(PRINCIPALS.contains(principal), principal);
    }

    @Property(tries = 3000)
    void shouldNeverAuthenticateWithUnknownSecrets(
            @ForAll("unknownSecret") String secret, @ForAll("scheme") String scheme) {
        String basic = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        for (List<String> authorization : List.of(List.of(scheme + " " + secret), List.of("Basic " + basic))) {
            assertThrows(FerryException.AuthenticationFailed.class,
                    () -> authenticator.authenticate(authorization, List.of(), List.of()), authorization.toString());
        }
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), List.of(secret), List.of()));
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), List.of(), List.of(secret)));
    }

    @Property(tries = 500)
    void shouldLetEveryCallerThroughAsAnonymousWhenNoKeyIsConfigured(
            @ForAll("authorizationHeaders") List<String> authorization,
            @ForAll("tokenHeaders") List<String> virtualKeys,
            @ForAll("tokenHeaders") List<String> apiKeys) {
        Authenticator open = new Authenticator(new AuthSettings(List.of()));

        assertEquals(Authenticator.ANONYMOUS, open.authenticate(authorization, virtualKeys, apiKeys));
    }

    @Property(tries = 2000)
    void shouldRejectACredentialHeaderSentTwiceWhateverItsValues(
            @ForAll("tokenValue") String first, @ForAll("tokenValue") String second) {
        List<String> twice = List.of(first, second);

        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), twice, List.of()));
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), List.of(), twice));
    }

    @Example
    void shouldRejectAValidVirtualKeyFollowedByAnotherPrincipalsKeyInTheSameHeader() {
        String otherVk = "sk-bf-other-0123456789";
        Authenticator twoTeams = new Authenticator(new AuthSettings(List.of(
                ApiKey.fromSecret("team-a", ApiKey.Kind.VIRTUAL_KEY, ALICE_VK),
                ApiKey.fromSecret("team-b", ApiKey.Kind.VIRTUAL_KEY, otherVk))));

        assertEquals("team-b", twoTeams.authenticate(List.of(), List.of(otherVk), List.of()));
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> twoTeams.authenticate(List.of(), List.of(otherVk, ALICE_VK), List.of()));
    }

    @Example
    void shouldRejectAValidApiKeyFollowedByAWrongOne() {
        assertEquals("bob", authenticator.authenticate(List.of(), List.of(), List.of(BOB_KEY)));
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), List.of(), List.of(BOB_KEY, "wrong")));
    }

    @Example
    void shouldRejectTheSameValidKeySentTwiceInOneHeader() {
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), List.of(ALICE_VK, ALICE_VK), List.of()));
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), List.of(), List.of(BOB_KEY, BOB_KEY)));
    }

    @Example
    void shouldRejectTheCatalogueOfMalformedCredentials() {
        String nonAsciiBasic = Base64.getEncoder().encodeToString("cärol:pässwörd".getBytes(StandardCharsets.UTF_8));
        for (String header : new String[] {"Bearer", "Bearer ", "Bearer  ", "Basic", "Basic !!!not-base64!!!",
                "Basic " + nonAsciiBasic, "Basic Y2Fyb2w=", "Bearer bob-secrët-0123456789", "Token " + BOB_KEY,
                "", " ", "Bearer\t" + BOB_KEY + "x"}) {
            assertThrows(FerryException.AuthenticationFailed.class,
                    () -> authenticator.authenticate(List.of(header), List.of(), List.of()), "'" + header + "'");
        }
    }

    @Provide
    Arbitrary<List<String>> authorizationHeaders() {
        return authorizationValue().list().ofMaxSize(3);
    }

    /** The values of one credential header: usually none or one, sometimes the header repeated. */
    @Provide
    Arbitrary<List<String>> tokenHeaders() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(List.<String>of())),
                Tuple.of(4, tokenValue().map(List::of)),
                Tuple.of(1, tokenValue().list().ofMinSize(2).ofMaxSize(3)));
    }

    @Provide
    Arbitrary<String> tokenValue() {
        return Arbitraries.oneOf(Arbitraries.strings(),
                Arbitraries.of(ALICE_VK, BOB_KEY, " " + ALICE_VK + " ", "sk-bf-", ""));
    }

    @Provide
    Arbitrary<String> unknownSecret() {
        return Arbitraries.strings().ofMaxLength(64).filter(s -> !s.contains("alice") && !s.contains("bob-secret")
                && !s.contains("carol") && !s.contains(Base64.getEncoder().encodeToString("carol:".getBytes(
                StandardCharsets.UTF_8)).substring(0, 8)));
    }

    @Provide
    Arbitrary<String> scheme() {
        return Arbitraries.of("Bearer", "bearer", "BEARER", "Basic", "Digest", "");
    }

    private Arbitrary<String> authorizationValue() {
        Arbitrary<String> secrets = Arbitraries.oneOf(Arbitraries.strings(),
                Arbitraries.of(ALICE_VK, BOB_KEY, CAROL, "", " ", "sk-bf-x"));
        Arbitrary<String> encoded = secrets.map(s -> Base64.getEncoder()
                .encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> credentials = Arbitraries.oneOf(secrets, encoded);
        Arbitrary<String> structured = Combinators.combine(scheme(), Arbitraries.of(" ", "  ", "\t", ""), credentials)
                .as((scheme, gap, value) -> scheme + gap + value);
        return Arbitraries.oneOf(Arbitraries.strings(), structured);
    }
}
