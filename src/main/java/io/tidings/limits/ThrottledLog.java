package io.tidings.limits;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs what happens again and again, mostly failures of something outside Tidings that clients or a schedule run
 * into (the backend's webhook, Redis): one line (with the cause, no stack: the other side being down is not a bug
 * here) at most once a second, with how many were left out since, so that they cannot flood the log. The caller
 * counts each in the metrics where it matters.
 */
public final class ThrottledLog {

    private static final long EVERY_MILLIS = 1000;

    private final Logger log;
    private final Level level;
    private final String what;
    private final OncePer lines = new OncePer(EVERY_MILLIS);
    private final AtomicInteger leftOut = new AtomicInteger();

    /** @param what what happened, e.g. "The notifications webhook did not take a read" */
    public ThrottledLog(Logger log, String what) {
        this(log, Level.WARNING, what);
    }

    /** @param level the level of its lines: {@code INFO} for what is worth knowing but went well */
    public ThrottledLog(Logger log, Level level, String what) {
        this.log = log;
        this.level = level;
        this.what = what;
    }

    /** Something happened again (with its cause, or null): a line now, or counted for the next one. */
    public void note(Throwable cause) {
        if (!lines.due(System.currentTimeMillis())) {
            leftOut.incrementAndGet();
            return;
        }
        int more = leftOut.getAndSet(0);
        log.log(level, what + describe(cause) + (more > 0 ? " (and " + more + " more since the last line)" : ""));
    }

    /** ": " and the innermost cause, as its class and message; nothing without a cause. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return ": "
                + (root.getMessage() == null
                        ? root.getClass().getSimpleName()
                        : root.getClass().getSimpleName() + ": " + root.getMessage());
    }
}
