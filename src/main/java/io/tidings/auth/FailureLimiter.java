package io.tidings.auth;

import io.tidings.limits.AddressWindow;
import io.tidings.limits.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows down an address that fails authentication often without refusing it: below {@code maxFailures} in the window
 * every token is verified; past it, only a small budget of verifications per second is left to the address (the rest
 * are refused without any cryptography), so a valid token from it still gets through and a flood of bad ones costs
 * almost nothing. Thread-safe; the addresses it tracks are bounded.
 */
final class FailureLimiter {

    private static final int MAX_TRACKED = 100_000;

    private final AddressWindow failures;
    private final double verificationsPerSecond;
    private final double burst;
    private final ConcurrentMap<String, TokenBucket> budgets = new ConcurrentHashMap<>();

    FailureLimiter(int maxFailures, long windowMillis, double verificationsPerSecond, double burst) {
        this.failures = new AddressWindow(maxFailures, windowMillis);
        this.verificationsPerSecond = verificationsPerSecond;
        this.burst = burst;
    }

    /** Whether a token from this address may be verified now; past the limit this uses up the address's budget. */
    boolean mayVerify(String address, long now) {
        if (!failures.over(address, now)) {
            budgets.remove(address);
            return true;
        }
        if (budgets.size() >= MAX_TRACKED) {
            budgets.clear(); // at worst every tracked address gets one more burst
        }
        return budgets.computeIfAbsent(address, a -> new TokenBucket(verificationsPerSecond, burst, now))
                .take(now);
    }

    void failed(String address, long now) {
        failures.record(address, now);
    }
}
