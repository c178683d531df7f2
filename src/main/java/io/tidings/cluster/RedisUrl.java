package io.tidings.cluster;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code tidings.redis.url} names: one Redis ({@code redis://}, {@code rediss://} for TLS), a Redis watched by
 * Sentinel ({@code redis-sentinel://host:26379,host:26380/0#master}, {@code rediss-sentinel://}) or a Redis Cluster,
 * given as a comma-separated list of seed nodes ({@code redis://a:7000,b:7001}: an address without a scheme takes
 * the first one's scheme and credentials).
 *
 * @param seeds one URI for a single Redis or Sentinel (holding every sentinel), every seed of a Cluster
 */
record RedisUrl(Kind kind, List<RedisURI> seeds) {

    enum Kind {
        SINGLE,
        SENTINEL,
        CLUSTER
    }

    /** @throws IllegalArgumentException for a URL it cannot serve, saying why (never echoing a password) */
    static RedisUrl parse(String url, Duration timeout) {
        String trimmed = url.strip();
        String scheme = trimmed.contains("://") ? trimmed.substring(0, trimmed.indexOf("://")) : "";
        Kind kind;
        List<String> parts = new ArrayList<>();
        if (scheme.equals("redis-sentinel") || scheme.equals("rediss-sentinel")) {
            kind = Kind.SENTINEL; // Lettuce reads the sentinels' list itself
            if (!trimmed.contains("#") && !trimmed.contains("sentinelMasterId=")) {
                throw new IllegalArgumentException(
                        "tidings.redis.url names Sentinel without its master: end it with #master-name");
            }
            parts.add(trimmed);
        } else if (scheme.equals("redis") || scheme.equals("rediss")) {
            String[] split = trimmed.split(",");
            kind = split.length > 1 ? Kind.CLUSTER : Kind.SINGLE;
            String first = split[0].strip();
            parts.add(first);
            String start = first.substring(0, first.indexOf('@', scheme.length() + 3) + 1);
            String inherited = start.isEmpty() ? scheme + "://" : start;
            for (int i = 1; i < split.length; i++) {
                String seed = split[i].strip();
                parts.add(seed.contains("://") ? seed : inherited + seed);
            }
        } else {
            throw new IllegalArgumentException("tidings.redis.url must start with redis://, rediss://, "
                    + "redis-sentinel:// or rediss-sentinel:// (a Cluster: comma-separated redis:// seeds)");
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String part : parts) {
            RedisURI uri;
            try {
                uri = RedisURI.create(part);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("tidings.redis.url is not a valid Redis URL", null);
            }
            if (kind == Kind.SENTINEL
                    && (uri.getSentinelMasterId() == null || uri.getSentinels().isEmpty())) {
                throw new IllegalArgumentException(
                        "tidings.redis.url names Sentinel without its master: end it with #master-name");
            }
            uri.setTimeout(timeout);
            seeds.add(uri);
        }
        return new RedisUrl(kind, List.copyOf(seeds));
    }

    /** The URI of a single Redis or of Sentinel. */
    RedisURI single() {
        return seeds.get(0);
    }

    /** Where it points, for logs: no credentials. */
    String describe() {
        return switch (kind) {
            case SINGLE -> address(single());
            case SENTINEL ->
                "the master " + single().getSentinelMasterId() + " of the sentinels "
                        + single().getSentinels().stream()
                                .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort())
                                .collect(Collectors.joining(","));
            case CLUSTER ->
                "the Redis Cluster of the seeds "
                        + seeds.stream().map(RedisUrl::address).collect(Collectors.joining(","));
        };
    }

    private static String address(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }
}
