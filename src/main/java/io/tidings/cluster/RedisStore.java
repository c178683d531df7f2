package io.tidings.cluster;

import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.util.List;

/**
 * The Redis of the bus, for the other state every node shares (conversation members, unread counts): scripts run
 * atomically on the bus's connection, with its timeout. The keys of one script share a hash tag ({@link #key}), so
 * a Cluster keeps them in one slot.
 */
public final class RedisStore {

    private final String prefix;
    private final RedisScriptingAsyncCommands<String, String> scripts;
    private final Duration timeout;

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
        return script.run(scripts, timeout, keys, args);
    }
}
