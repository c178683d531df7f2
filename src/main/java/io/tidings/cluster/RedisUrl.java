package io.tidings.cluster;

import io.lettuce.core.RedisURI;
import java.time.Duration;

/** Reads {@code tidings.redis.url}: a single Redis, {@code redis://} or {@code rediss://} (TLS). */
final class RedisUrl {

    private RedisUrl() {}

    /** @throws IllegalArgumentException for a URL this version cannot serve, saying why (never echoing a password) */
    static RedisURI parse(String url, Duration timeout) {
        String trimmed = url.strip();
        if (trimmed.contains(",")) {
            throw new IllegalArgumentException(
                    "tidings.redis.url lists several addresses (a Redis Cluster): not supported yet, give one Redis");
        }
        String scheme = trimmed.contains("://") ? trimmed.substring(0, trimmed.indexOf("://")) : "";
        if (scheme.startsWith("redis-sentinel")) {
            throw new IllegalArgumentException(
                    "tidings.redis.url names Redis Sentinel: not supported yet, give the master's redis:// URL");
        }
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("tidings.redis.url must start with redis:// or rediss://");
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(trimmed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tidings.redis.url is not a valid Redis URL", null);
        }
        uri.setTimeout(timeout);
        return uri;
    }

    /** Where it points, for logs: no credentials. */
    static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }
}
