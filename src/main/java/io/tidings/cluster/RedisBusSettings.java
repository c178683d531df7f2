package io.tidings.cluster;

import java.time.Duration;

/**
 * How a {@link RedisBus} is set up.
 *
 * @param url a single Redis: {@code redis://} or {@code rediss://}
 * @param prefix put before every key and topic, so deployments can share one Redis
 * @param timeout the longest any call waits for Redis
 * @param historySize events kept per channel
 * @param historyTtlSeconds age after which an event is no longer kept, nor an idempotency key remembered
 * @param metaTtlSeconds how long a channel nobody publishes to nor reads keeps its epoch and offset
 * @param pubSubConnections the node's pub/sub connections to Redis
 * @param workers threads handing publications from Redis to the node's handler
 * @param probeSeconds the longest a pub/sub connection may stay open without delivering before it is replaced
 */
public record RedisBusSettings(
        String url,
        String prefix,
        Duration timeout,
        int historySize,
        long historyTtlSeconds,
        long metaTtlSeconds,
        int pubSubConnections,
        int workers,
        int probeSeconds) {}
