package io.tidings.cluster;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script, run by its digest ({@link RedisStore#run}); a Redis that does not know it yet (fresh, restarted,
 * flushed) is sent the whole script once.
 */
public final class RedisScript {

    private final String name;
    private final String source;
    private final String digest;

    private RedisScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.digest = sha1(source);
    }

    /** The script {@code name} next to this class. */
    static RedisScript named(String name) {
        return named(RedisScript.class, name);
    }

    /** The script {@code name} next to {@code owner} (a resource of its package). */
    public static RedisScript named(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new RedisScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs it and returns its array answer. */
    List<Object> run(
            RedisScriptingAsyncCommands<String, String> redis, Duration timeout, String[] keys, String... args) {
        try {
            return RedisCalls.await(redis.evalsha(digest, ScriptOutputType.MULTI, keys, args), timeout, name);
        } catch (BusUnavailableException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            return RedisCalls.await(redis.eval(source, ScriptOutputType.MULTI, keys, args), timeout, name);
        } catch (RedisException e) {
            throw RedisCalls.unavailable(name, e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
