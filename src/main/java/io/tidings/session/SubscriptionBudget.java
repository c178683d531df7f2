package io.tidings.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap this node lets subscriptions take, so that clients holding many subscriptions to many unique channels
 * get {@code too_many_subscriptions} instead of filling the heap. What a subscription and a channel cost is an
 * estimate, measured on both servers (docs/operations.md): a new channel costs its bookkeeping in the registry and
 * the bus plus its name, each subscription its own entries. New channels may use {@value #NEW_CHANNEL_PERCENT}% of
 * the budget, so that when unique names have taken their share, subscribers of channels that exist still get in.
 */
public final class SubscriptionBudget {

    /**
     * A subscription: its object, and its entries in the connection's map, the channel's set and presence. Measured
     * 350 to 370 bytes on WildFly, 690 to 750 on Payara Micro (docs/operations.md); one estimate covers both.
     */
    static final int SUBSCRIPTION_BYTES = 750;
    /**
     * A channel of this node besides its name: its subscriber set in the registry, its history and interest in the
     * bus. Measured about 400 bytes on WildFly and 500 on Payara Micro in a benchmark, more on Payara at scale.
     */
    static final int CHANNEL_BYTES = 1200;

    static final int NEW_CHANNEL_PERCENT = 90;

    private final long limitBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    SubscriptionBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** A budget of {@code percent} of the heap this JVM may grow to. */
    public static SubscriptionBudget ofHeap(double percent) {
        return new SubscriptionBudget((long) (Runtime.getRuntime().maxMemory() * percent / 100));
    }

    static long channelBytes(String channel) {
        return CHANNEL_BYTES + channel.length();
    }

    /** Whether one more subscription fits, to a channel this node has ({@code newChannel} false) or a new one. */
    boolean allows(String channel, boolean newChannel) {
        long used = usedBytes.get();
        return newChannel
                ? used + SUBSCRIPTION_BYTES + channelBytes(channel) <= limitBytes * NEW_CHANNEL_PERCENT / 100
                : used + SUBSCRIPTION_BYTES <= limitBytes;
    }

    void add(long bytes) {
        usedBytes.addAndGet(bytes);
    }

    long usedBytes() {
        return usedBytes.get();
    }

    long limitBytes() {
        return limitBytes;
    }
}
