package io.tidings.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token as the user principal of a connection, in the MicroProfile JWT shape. The user id is {@code sub},
 * else {@code upn}, else {@code preferred_username}; roles are {@code groups}.
 */
public final class UserToken implements JsonWebToken {

    private final String rawToken;
    private final JWTClaimsSet claims;
    private final String user;
    private final Set<String> groups;

    UserToken(String rawToken, JWTClaimsSet claims, String user) {
        this.rawToken = rawToken;
        this.claims = claims;
        this.user = user;
        this.groups = Set.copyOf(strings(claims.getClaim("groups")));
    }

    /** The user id. */
    @Override
    public String getName() {
        return user;
    }

    public boolean hasRole(String role) {
        return groups.contains(role);
    }

    @Override
    public Set<String> getGroups() {
        return groups;
    }

    /** Expiry in epoch milliseconds. */
    public long expiresAt() {
        Date exp = claims.getExpirationTime();
        return exp == null ? Long.MAX_VALUE : exp.getTime();
    }

    /** The claim's values as strings, lower-cased when {@code lowerCase} (for case-insensitive addresses). */
    public Set<String> claimValues(String name, boolean lowerCase) {
        return strings(claims.getClaim(name)).stream()
                .map(v -> lowerCase ? v.toLowerCase(Locale.ROOT) : v)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.getClaims().keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if ("raw_token".equals(claimName)) {
            return (T) rawToken;
        }
        Object value = claims.getClaim(claimName);
        // MicroProfile JWT gives times as seconds since the epoch; the JOSE library parses them into dates
        return (T) (value instanceof Date date ? Long.valueOf(date.getTime() / 1000) : value);
    }

    @Override
    public String toString() {
        return "UserToken[" + user + "]"; // never the token itself
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> c) {
            return c.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }
        return List.of();
    }
}
