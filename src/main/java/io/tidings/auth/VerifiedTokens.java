package io.tidings.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens verified lately, by their exact text, so that the same token presented again (a reconnect, another tab) is
 * not verified again. An entry lasts until the token expires, at most {@code maxAgeMillis} (so a key withdrawn from
 * the JWKS stops counting soon), and the oldest entries make room for new ones. Thread-safe.
 */
final class VerifiedTokens {

    private record Verified(UserToken user, long until) {}

    private final int capacity;
    private final long maxAgeMillis;
    private final Map<String, Verified> tokens;

    VerifiedTokens(int capacity, long maxAgeMillis) {
        this.capacity = capacity;
        this.maxAgeMillis = maxAgeMillis;
        this.tokens = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > VerifiedTokens.this.capacity;
            }
        };
    }

    /** The user of this token if it was verified lately and has not expired, else null. */
    synchronized UserToken get(String token, long now) {
        Verified verified = tokens.get(token);
        if (verified == null) {
            return null;
        }
        if (now >= verified.until()) {
            tokens.remove(token);
            return null;
        }
        return verified.user();
    }

    synchronized void put(String token, UserToken user, long now) {
        tokens.put(token, new Verified(user, Math.min(user.expiresAt(), now + maxAgeMillis)));
    }
}
