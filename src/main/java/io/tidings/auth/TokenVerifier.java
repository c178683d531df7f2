package io.tidings.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.tidings.channel.UserId;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies JWTs: HS256 with a shared secret, RS256 and ES256 with public keys (a PEM or JWK(S) text, or a JWKS URL
 * that is cached and fetched again when a token names an unknown {@code kid}). Each algorithm is checked only with
 * its own kind of key, so an RS256 token can never be verified with the HS secret. Unsigned tokens ({@code alg:
 * none}) and algorithms without a configured key are refused. {@code exp} is required; {@code nbf}, {@code iat},
 * {@code iss} and {@code aud} are checked where present or configured, all with a small clock skew.
 */
public final class TokenVerifier {

    static final Set<JWSAlgorithm> PUBLIC_KEY_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int MIN_SECRET_BYTES = 32;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final int skewSeconds;
    private final boolean configured;

    /**
     * @param secret HS256 shared secret (at least 32 bytes)
     * @param publicKey PEM public key, JWK or JWKS text
     * @param publicKeyLocation JWKS (or single key) URL
     * @param issuer required {@code iss}
     * @param audiences accepted {@code aud} values; a token must name one of them
     */
    public TokenVerifier(
            Optional<String> secret,
            Optional<String> publicKey,
            Optional<String> publicKeyLocation,
            Optional<String> issuer,
            Optional<List<String>> audiences,
            int skewSeconds,
            int jwksRefetchMinSeconds) {
        this.skewSeconds = skewSeconds;
        Key hmacKey = secret.map(TokenVerifier::hmacKey).orElse(null);
        JWKSource<SecurityContext> publicKeys = publicKeyLocation
                .map(url -> remoteKeys(url, jwksRefetchMinSeconds))
                .or(() -> publicKey.map(TokenVerifier::staticKeys))
                .orElse(null);
        this.configured = hmacKey != null || publicKeys != null;
        processor.setJWSKeySelector(new AlgorithmBoundKeySelector(hmacKey, publicKeys));
        Set<String> required = new HashSet<>(Set.of("exp"));
        issuer.ifPresent(i -> required.add("iss"));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audiences.map(HashSet::new).orElse(null),
                issuer.map(i -> new JWTClaimsSet.Builder().issuer(i).build()).orElse(null),
                required,
                null);
        claims.setMaxClockSkew(skewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Whether any key is configured; without one every token is refused. */
    public boolean configured() {
        return configured;
    }

    /** Verifies the token and returns its user. */
    public UserToken verify(String token) throws TokenException {
        if (token == null || token.isBlank() || token.length() > 16_384) {
            throw new TokenException("invalid token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ExpiredJWTException e) {
            throw new TokenException("token expired");
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new TokenException(e instanceof BadJWTException ? "token claims not accepted" : "invalid token");
        }
        Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && issuedAt.getTime() > System.currentTimeMillis() + skewSeconds * 1000L) {
            throw new TokenException("token issued in the future");
        }
        String user = firstString(claims, "sub", "upn", "preferred_username");
        if (user == null || user.isBlank()) {
            throw new TokenException("token names no user");
        }
        if (!UserId.isValid(user)) {
            throw new TokenException("the token's user id is not accepted: " + UserId.RULE);
        }
        return new UserToken(token, claims, user);
    }

    private static String firstString(JWTClaimsSet claims, String... names) {
        for (String name : names) {
            if (claims.getClaim(name) instanceof String value) {
                return value;
            }
        }
        return null;
    }

    private static Key hmacKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("tidings.jwt.secret must be at least 32 bytes for HS256");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** Cached; an unknown {@code kid} fetches again, at most once per {@code refetchMinSeconds}. */
    private static JWKSource<SecurityContext> remoteKeys(String location, int refetchMinSeconds) {
        try {
            JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(
                            new URL(location), new DefaultResourceRetriever(5_000, 5_000, 512 * 1024))
                    .cache(true);
            return (refetchMinSeconds > 0 ? builder.rateLimited(refetchMinSeconds * 1000L) : builder.rateLimited(false))
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("mp.jwt.verify.publickey.location is not a URL");
        }
    }

    private static JWKSource<SecurityContext> staticKeys(String text) {
        try {
            return new ImmutableJWKSet<>(PublicKeys.parse(text));
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("mp.jwt.verify.publickey is not a PEM public key, JWK or JWKS");
        }
    }

    /** HS256 gets only the shared secret; RS256 and ES256 get only public keys; anything else gets nothing. */
    private record AlgorithmBoundKeySelector(Key hmacKey, JWKSource<SecurityContext> publicKeys)
            implements JWSKeySelector<SecurityContext> {

        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
                throws com.nimbusds.jose.KeySourceException {
            JWSAlgorithm algorithm = header.getAlgorithm();
            if (JWSAlgorithm.HS256.equals(algorithm) && hmacKey != null) {
                return List.of(hmacKey);
            }
            if (PUBLIC_KEY_ALGORITHMS.contains(algorithm) && publicKeys != null) {
                var selector = new JWSVerificationKeySelector<>(algorithm, publicKeys);
                List<? extends Key> keys = selector.selectJWSKeys(header, context);
                if (keys.isEmpty() && header.getKeyID() != null && publicKeys instanceof ImmutableJWKSet) {
                    // A PEM key has no kid: a configured key stands for whatever kid the issuer names.
                    keys = selector.selectJWSKeys(
                            new JWSHeader.Builder(header).keyID(null).build(), context);
                }
                return keys;
            }
            return List.of();
        }
    }

    /** Reads the public keys a deployment may configure inline. */
    static final class PublicKeys {
        private PublicKeys() {}

        static JWKSet parse(String text) throws ParseException, JOSEException {
            String trimmed = text.trim();
            if (trimmed.startsWith("{")) {
                return trimmed.contains("\"keys\"")
                        ? JWKSet.parse(trimmed)
                        : new JWKSet(com.nimbusds.jose.jwk.JWK.parse(trimmed));
            }
            return new JWKSet(Pem.publicKey(trimmed));
        }
    }
}
