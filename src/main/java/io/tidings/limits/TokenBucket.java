package io.tidings.limits;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. Thread-safe; one per connection, so
 * contention is rare.
 */
public final class TokenBucket {

    private final double perMilli;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, double burst, long now) {
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /** Takes one token if there is one. */
    public synchronized boolean take(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perMilli);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
