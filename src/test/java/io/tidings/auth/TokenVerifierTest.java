package io.tidings.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import io.tidings.support.Tokens;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final RSAKey RSA = Tokens.newRsaKey("k1");

    private final TokenVerifier hsOnly = new TokenVerifier(
            Optional.of(Tokens.SECRET),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Tokens.ISSUER),
            Optional.of(List.of(Tokens.AUDIENCE)),
            30,
            30);
    private final TokenVerifier both = new TokenVerifier(
            Optional.of(Tokens.SECRET),
            Optional.of(RSA.toPublicJWK().toJSONString()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            30,
            30);

    @Test
    void acceptsAValidHs256TokenAndReadsUserAndRoles() throws TokenException {
        UserToken user = hsOnly.verify(Tokens.hs256("42", "admin", "publisher"));
        assertEquals("42", user.getName());
        assertTrue(user.hasRole("admin"));
        assertEquals(java.util.Set.of("admin", "publisher"), user.getGroups());
        assertTrue(user.expiresAt() > System.currentTimeMillis());
        assertTrue(user.getClaim("exp") instanceof Long, "MicroProfile JWT times are seconds");
        assertFalse(user.toString().contains("eyJ"), "toString never shows the token");
    }

    @Test
    void fallsBackToUpnThenPreferredUsername() throws TokenException {
        assertEquals(
                "ann",
                hsOnly.verify(Tokens.hs256(
                                Tokens.claims(null).claim("upn", "ann").build()))
                        .getName());
        assertEquals(
                "bob",
                hsOnly.verify(Tokens.hs256(Tokens.claims(null)
                                .claim("preferred_username", "bob")
                                .build()))
                        .getName());
        assertThrows(
                TokenException.class,
                () -> hsOnly.verify(Tokens.hs256(Tokens.claims(null).build())));
    }

    @Test
    void refusesAlgNoneAndUnconfiguredAlgorithms() {
        assertThrows(TokenException.class, () -> hsOnly.verify(Tokens.none("42")));
        assertThrows(
                TokenException.class,
                () -> hsOnly.verify(Tokens.rs256(RSA, Tokens.claims("42").build())),
                "no public key configured: RS256 is refused");
    }

    @Test
    void keepsEachAlgorithmToItsOwnKey() throws TokenException {
        assertEquals(
                "42",
                both.verify(Tokens.rs256(RSA, Tokens.claims("42").build())).getName());
        assertEquals("42", both.verify(Tokens.hs256("42")).getName());
        assertThrows(TokenException.class, () -> both.verify(Tokens.rs256HeaderWithHmacSignature("42")));
        assertThrows(TokenException.class, () -> both.verify(Tokens.hs256WithPublicKeyAsSecret(RSA, "42")));
    }

    @Test
    void checksTimesWithTheClockSkew() throws TokenException {
        Instant now = Instant.now();
        hsOnly.verify(Tokens.hs256(Tokens.claims("42")
                .expirationTime(Date.from(now.minusSeconds(10)))
                .build()));
        TokenException expired = assertThrows(
                TokenException.class,
                () -> hsOnly.verify(Tokens.hs256(Tokens.claims("42")
                        .expirationTime(Date.from(now.minusSeconds(60)))
                        .build())));
        assertEquals("token expired", expired.getMessage());
        hsOnly.verify(Tokens.hs256(Tokens.claims("42")
                .notBeforeTime(Date.from(now.plusSeconds(10)))
                .build()));
        assertThrows(
                TokenException.class,
                () -> hsOnly.verify(Tokens.hs256(Tokens.claims("42")
                        .notBeforeTime(Date.from(now.plusSeconds(60)))
                        .build())));
        assertThrows(
                TokenException.class,
                () -> hsOnly.verify(Tokens.hs256(Tokens.claims("42")
                        .issueTime(Date.from(now.plusSeconds(60)))
                        .build())));
        assertThrows(
                TokenException.class,
                () -> hsOnly.verify(
                        Tokens.hs256(Tokens.claims("42").expirationTime(null).build())),
                "exp is required");
    }

    @Test
    void checksIssuerAndAudienceWhenConfigured() throws TokenException {
        assertThrows(
                TokenException.class,
                () -> hsOnly.verify(Tokens.hs256(Tokens.claims("42").issuer("x").build())));
        assertThrows(
                TokenException.class,
                () -> hsOnly.verify(
                        Tokens.hs256(Tokens.claims("42").audience("x").build())));
        assertEquals(
                "42",
                both.verify(Tokens.hs256(
                                Tokens.claims("42").issuer("x").audience("y").build()))
                        .getName());
    }

    @Test
    void readsPemPublicKeys() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        TokenVerifier fromPem = new TokenVerifier(
                Optional.empty(), Optional.of(pem), Optional.empty(), Optional.empty(), Optional.empty(), 30, 30);
        assertEquals(
                "7",
                fromPem.verify(Tokens.rs256(RSA, Tokens.claims("7").build())).getName());
    }

    @Test
    void refusesShortSecretsAndGarbageWithoutEchoingThem() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new TokenVerifier(
                        Optional.of("short"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        30,
                        30));
        TokenException garbage = assertThrows(TokenException.class, () -> hsOnly.verify("not-a-jwt-secret-stuff"));
        assertFalse(garbage.getMessage().contains("secret-stuff"));
        assertFalse(new TokenVerifier(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        30,
                        30)
                .configured());
    }
}
