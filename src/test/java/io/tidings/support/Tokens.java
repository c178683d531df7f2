package io.tidings.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tidings.auth.TokenException;
import io.tidings.auth.TokenVerifier;
import io.tidings.auth.UserToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints tokens for tests, good and bad, with the keys the test servers are configured with (arquillian.xml). */
public final class Tokens {

    public static final String SECRET = "test-secret-for-hs256-at-least-32-bytes!";
    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "tidings";

    private Tokens() {}

    /** Claims that pass: the given subject and roles, issued now, valid for an hour. */
    public static JWTClaimsSet.Builder claims(String subject, String... groups) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("groups", List.of(groups));
    }

    /** A verified token of this user, as the server would hold it, for unit tests. */
    public static UserToken verified(String subject, String... groups) {
        try {
            return new TokenVerifier(
                            Optional.of(SECRET),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of(ISSUER),
                            Optional.of(List.of(AUDIENCE)),
                            30,
                            30)
                    .verify(hs256(subject, groups));
        } catch (TokenException e) {
            throw new AssertionError(e);
        }
    }

    public static String hs256(String subject, String... groups) {
        return hs256(claims(subject, groups).build());
    }

    public static String hs256(JWTClaimsSet claims) {
        return hs256(claims, SECRET);
    }

    /** HS256 with another secret than the test servers': e.g. the run command's development one. */
    public static String hs256(JWTClaimsSet claims, String secret) {
        return sign(new JWSHeader(JWSAlgorithm.HS256), claims, secret);
    }

    /** Signed with HS256 and a secret other than the server's. */
    public static String hs256WithWrongSecret(String subject) {
        return sign(
                new JWSHeader(JWSAlgorithm.HS256), claims(subject).build(), "another-secret-of-at-least-32-bytes-long");
    }

    public static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            return signed(JWSAlgorithm.RS256, new RSASSASigner(key), key.getKeyID(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String es256(ECKey key, JWTClaimsSet claims) {
        try {
            return signed(JWSAlgorithm.ES256, new ECDSASigner(key), key.getKeyID(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(
            JWSAlgorithm algorithm, com.nimbusds.jose.JWSSigner signer, String kid, JWTClaimsSet claims)
            throws JOSEException {
        SignedJWT jwt =
                new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** An unsigned token: {@code alg: none}. */
    public static String none(String subject) {
        return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + Base64URL.encode(claims(subject).build().toString()) + ".";
    }

    /** Key confusion: claims {@code RS256} with a kid the server has, but is an HMAC made with the HS secret. */
    public static String rs256HeaderWithHmacSignature(String subject) {
        String input = Base64URL.encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}") + "."
                + Base64URL.encode(claims(subject).build().toString());
        return input + "." + hmac(input, SECRET.getBytes(StandardCharsets.UTF_8));
    }

    /** Key confusion the other way: HS256 with a public RSA key's encoding as the HMAC secret. */
    public static String hs256WithPublicKeyAsSecret(RSAKey key, String subject) {
        String input = Base64URL.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + Base64URL.encode(claims(subject).build().toString());
        return input + "." + hmac(input, key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
    }

    public static RSAKey newRsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey newEcKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWTClaimsSet with(JWTClaimsSet.Builder builder, Map<String, Object> claims) {
        claims.forEach(builder::claim);
        return builder.build();
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(header).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Base64URL hmac(String input, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
