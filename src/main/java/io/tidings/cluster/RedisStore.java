package io.tidings.cluster;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The Redis of the bus, for the other state every node shares (conversation members, unread counts): scripts run
 * atomically on the bus's connection, with its timeout. The keys of one script share a hash tag ({@link #key}), so
 * a Cluster keeps them in one slot. Callers often wait on a container thread: after a call that Redis did not answer
 * in time, the calls of the next second fail at once instead of each waiting the whole timeout, so a slow Redis
 * cannot pile those threads up.
 */
public final class RedisStore {

    /** How long calls fail at once after one that Redis did not answer in time. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private final String prefix;
    private final RedisScriptingAsyncCommands<String, String> scripts;
    private final Duration timeout;
    private volatile long quietUntilNanos = System.nanoTime() - 1;

    RedisStore(String prefix, RedisScriptingAsyncCommands<String, String> scripts, Duration timeout) {
        this.prefix = prefix;
        this.scripts = scripts;
        this.timeout = timeout;
    }

    /** The key {@code name} of the record {@code tag} (a conversation, a user), under the deployment's prefix. */
    public String key(String tag, String name) {
        return prefix + "{" + tag + "}:" + name;
    }

    /**
     * Runs the script and returns its array answer.
     *
     * @throws BusUnavailableException when Redis cannot be reached or does not answer within the timeout
     */
    public List<Object> run(RedisScript script, String[] keys, String... args) {
        if (System.nanoTime() - quietUntilNanos < 0) {
            throw new BusUnavailableException("Redis did not answer in time a moment ago; not waiting again yet", null);
        }
        try {
            return script.run(scripts, timeout, keys, args);
        } catch (BusUnavailableException e) {
            if (e.getCause() instanceof TimeoutException || e.getCause() instanceof RedisCommandTimeoutException) {
                quietUntilNanos = System.nanoTime() + QUIET.toNanos();
            }
            throw e;
        }
    }
}
