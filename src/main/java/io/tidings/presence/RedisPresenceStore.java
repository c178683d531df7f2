package io.tidings.presence;

import io.tidings.cluster.BusUnavailableException;
import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;
import io.tidings.limits.ThrottledLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Presence on every node, in Redis ({@code presence.lua}): each user's connections per node, and a heartbeat per
 * node. A node silent for two thirds of {@code tidings.presence.ttl.seconds} is taken for dead by the next heartbeat
 * of any node (every third of it), and its users leave: within the TTL in all. Changes are written off the caller's
 * thread, in order per scope and user; one that cannot be written makes the next heartbeat ask for this node's
 * entries again.
 */
final class RedisPresenceStore implements PresenceStore {

    private static final Logger LOG = Logger.getLogger(RedisPresenceStore.class.getName());
    private static final RedisScript PRESENCE = RedisScript.named(RedisPresenceStore.class, "presence.lua");
    /** Entries taken out of a dead node's per call, so that one call never holds Redis long. */
    private static final int SWEEP_BATCH = 500;

    private final RedisStore redis;
    private final String node;
    private final long deadAfterMillis;
    private final Function<String, Executor> writers;
    private final String[] keys;
    private final String base;
    private final AtomicBoolean unwritten = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final ThrottledLog failed =
            new ThrottledLog(LOG, "Redis did not answer: a presence change waits for the next heartbeat");

    /**
     * @param writers the executor of a scope and user's changes (always the same for the same key), each running
     *     one task at a time
     */
    RedisPresenceStore(RedisStore redis, String node, long ttlMillis, Function<String, Executor> writers) {
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("presence needs a time to live, not " + ttlMillis + " ms");
        }
        this.redis = redis;
        this.node = node;
        this.deadAfterMillis = ttlMillis * 2 / 3;
        this.writers = writers;
        this.keys = new String[] {redis.key("presence", "nodes")};
        this.base = redis.key("presence", "");
    }

    @Override
    public CompletionStage<Change> set(String scope, String user, int count) {
        CompletableFuture<Change> change = new CompletableFuture<>();
        writers.apply(scope + "\n" + user).execute(() -> {
            try {
                List<Object> answer = run("set", scope, user, Integer.toString(count));
                long kind = (Long) answer.get(0);
                long since = (Long) answer.get(1);
                change.complete(
                        kind == 1
                                ? new Change(Change.Kind.JOINED, since)
                                : kind == 2 ? new Change(Change.Kind.LEFT, since) : Change.NONE);
            } catch (BusUnavailableException e) {
                unwritten.set(true);
                failed.note(e);
                change.completeExceptionally(e); // the caller keeps what it could not tell; the heartbeat asks again
            } catch (RuntimeException e) {
                unwritten.set(true);
                change.completeExceptionally(e);
            }
        });
        return change;
    }

    @Override
    public List<Member> members(String scope) {
        List<Object> answer = run("members", scope);
        List<Member> members = new ArrayList<>(answer.size() / 3);
        for (int i = 0; i + 2 < answer.size(); i += 3) {
            members.add(new Member(
                    (String) answer.get(i), Math.toIntExact((Long) answer.get(i + 1)), (Long) answer.get(i + 2)));
        }
        return members;
    }

    @Override
    public Optional<Member> member(String scope, String user) {
        List<Object> answer = run("member", scope, user);
        return answer.isEmpty()
                ? Optional.empty()
                : Optional.of(new Member(user, Math.toIntExact((Long) answer.get(0)), (Long) answer.get(1)));
    }

    /**
     * The first call also takes out what an earlier life of a node of this name left (its connections are gone);
     * then this node's entries are set again.
     */
    @Override
    public Heartbeat heartbeat() {
        List<Departure> departures = new ArrayList<>();
        boolean setAgain = unwritten.getAndSet(false);
        try {
            if (!started.get()) {
                while (answer(run("forget", Integer.toString(SWEEP_BATCH)), departures)) {
                    // an earlier life's entries, a batch at a time
                }
                started.set(true);
                setAgain = true; // any change made before this one was taken out with the earlier life's
            }
            List<Object> beat;
            do {
                beat = run("heartbeat", Long.toString(deadAfterMillis), Integer.toString(SWEEP_BATCH));
                setAgain |= (Long) beat.get(0) == 1;
            } while (answer(beat, departures));
        } catch (BusUnavailableException e) {
            unwritten.set(true);
            failed.note(e);
            return new Heartbeat(departures, false);
        }
        return new Heartbeat(departures, setAgain);
    }

    /** Adds the leaves of a heartbeat or forget answer; whether more wait. */
    private static boolean answer(List<Object> answer, List<Departure> departures) {
        for (int i = 2; i + 2 < answer.size(); i += 3) {
            departures.add(new Departure((String) answer.get(i), (String) answer.get(i + 1), (Long) answer.get(i + 2)));
        }
        return (Long) answer.get(1) == 1;
    }

    private List<Object> run(String action, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = action;
        all[1] = base;
        all[2] = node;
        System.arraycopy(args, 0, all, 3, args.length);
        return redis.run(PRESENCE, keys, all);
    }
}
