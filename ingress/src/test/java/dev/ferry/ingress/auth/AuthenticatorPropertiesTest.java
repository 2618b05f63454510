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

/** Whatever a client puts in its credential headers, the answer is a principal or a 401, never another failure. */
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
            @ForAll("tokenHeader") String virtualKey,
            @ForAll("tokenHeader") String apiKey) {
        String principal;
        try {
            principal = authenticator.authenticate(authorization, virtualKey, apiKey);
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
                    () -> authenticator.authenticate(authorization, null, null), authorization.toString());
        }
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), secret, null));
        assertThrows(FerryException.AuthenticationFailed.class,
                () -> authenticator.authenticate(List.of(), null, secret));
    }

    @Property(tries = 500)
    void shouldLetEveryCallerThroughAsAnonymousWhenNoKeyIsConfigured(
            @ForAll("authorizationHeaders") List<String> authorization,
            @ForAll("tokenHeader") String virtualKey,
            @ForAll("tokenHeader") String apiKey) {
        Authenticator open = new Authenticator(new AuthSettings(List.of()));

        assertEquals(Authenticator.ANONYMOUS, open.authenticate(authorization, virtualKey, apiKey));
    }

    @Example
    void shouldRejectTheCatalogueOfMalformedCredentials() {
        String nonAsciiBasic = Base64.getEncoder().encodeToString("cärol:pässwörd".getBytes(StandardCharsets.UTF_8));
        for (String header : new String[] {"Bearer", "Bearer ", "Bearer  ", "Basic", "Basic !!!not-base64!!!",
                "Basic " + nonAsciiBasic, "Basic Y2Fyb2w=", "Bearer bob-secrët-0123456789", "Token " + BOB_KEY,
                "", " ", "Bearer\t" + BOB_KEY + "x"}) {
            assertThrows(FerryException.AuthenticationFailed.class,
                    () -> authenticator.authenticate(List.of(header), null, null), "'" + header + "'");
        }
    }

    @Provide
    Arbitrary<List<String>> authorizationHeaders() {
        return authorizationValue().list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> tokenHeader() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(null), Arbitraries.strings(),
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
