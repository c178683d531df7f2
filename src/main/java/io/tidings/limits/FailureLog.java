package io.tidings.limits;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Logs the failures of something outside Tidings that clients or a schedule run into again and again (the backend's
 * webhook, Redis): one line (the cause, no stack: the other side being down is not a bug here) at most once a
 * second, with how many were left out since, so that they cannot flood the log. The caller counts each failure in
 * the metrics where it matters.
 */
public final class FailureLog {

    private static final long EVERY_MILLIS = 1000;

    private final Logger log;
    private final String what;
    private final AtomicLong lastLogged = new AtomicLong();
    private final AtomicInteger leftOut = new AtomicInteger();

    /** @param what what failed, e.g. "The notifications webhook did not take a read" */
    public FailureLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    public void failed(Throwable cause) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last < EVERY_MILLIS || !lastLogged.compareAndSet(last, now)) {
            leftOut.incrementAndGet();
            return;
        }
        int more = leftOut.getAndSet(0);
        log.warning(what + ": " + describe(cause) + (more > 0 ? " (and " + more + " more since the last line)" : ""));
    }

    /** The innermost cause, as its class and message. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "refused";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null
                ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
