package io.tidings.cluster;

/**
 * The names of a channel's keys and pub/sub topic in Redis, under the deployment's prefix (so deployments can share
 * one Redis, pub/sub included, which ignores databases). A channel's names share its hash tag, so a Redis Cluster keeps
 * them in one slot; channel names hold no braces.
 */
final class RedisKeys {

    private final String prefix;

    /** @throws IllegalArgumentException for a prefix with a brace, which would put every key in one Cluster slot */
    RedisKeys(String prefix) {
        if (prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("tidings.redis.prefix may not contain { or }");
        }
        this.prefix = prefix;
    }

    /** A hash: the channel's epoch and latest offset. */
    String meta(String channel) {
        return topic(channel) + ":meta";
    }

    /** A stream: the channel's kept events, their ids being their offsets. */
    String history(String channel) {
        return topic(channel) + ":history";
    }

    /** A string: the result of the publication that first used this idempotency key on the channel. */
    String idempotency(String channel, String key) {
        return topic(channel) + ":key:" + key;
    }

    /** The pub/sub topic the channel's publications go out on to every subscribed node. */
    String topic(String channel) {
        return prefix + "{" + channel + "}";
    }

    /** The topic every node listens to for node messages. */
    String nodes() {
        return prefix + "nodes";
    }

    /** The topic on which a node hears the answers to its node messages. */
    String answers(String node) {
        return prefix + "answers:" + node;
    }

    /** The start of this node's probe topics: one of its own, unlike any channel's topic. */
    String probes() {
        return prefix + "probe:" + java.util.UUID.randomUUID();
    }

    /** The channel of a topic of this prefix, or null. */
    String channelOf(String topic) {
        if (!topic.startsWith(prefix + "{") || !topic.endsWith("}")) {
            return null;
        }
        return topic.substring(prefix.length() + 1, topic.length() - 1);
    }
}
