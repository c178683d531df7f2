package io.tidings.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Redis answer at most the configured time; whatever keeps it from coming is the bus being unavailable. */
final class RedisCalls {

    private RedisCalls() {}

    static <T> T await(Future<T> answer, Duration timeout, String what) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new BusUnavailableException(
                    "Redis did not answer " + what + " within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw unavailable(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusUnavailableException("Interrupted while waiting for Redis to answer " + what, e);
        }
    }

    static BusUnavailableException unavailable(String what, Throwable cause) {
        Throwable root = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof BusUnavailableException unavailable) {
            return unavailable;
        }
        return new BusUnavailableException("Redis failed " + what + ": " + root, root);
    }
}
