package io.tidings.calls;

import io.tidings.cluster.RedisScript;
import io.tidings.cluster.RedisStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The calls of every node, in Redis ({@code calls.lua}): admission against the limits, the first answer, and each
 * end happen atomically there, so they hold across the nodes. Ringing calls are kept by when their ring time is over,
 * for the node that takes over the timeout of a node that died ({@link #overdue}).
 */
final class RedisCallStore implements CallStore {

    private static final RedisScript CALLS = RedisScript.named(RedisCallStore.class, "calls.lua");
    private static final int FIELDS = 7;
    private static final int OVERDUE_BATCH = 100;

    private final RedisStore redis;
    private final CallLimits limits;
    private final String[] keys;
    private final String base;

    RedisCallStore(RedisStore redis, CallLimits limits) {
        this.redis = redis;
        this.limits = limits;
        this.keys = new String[] {redis.key("calls", "ringing")};
        this.base = redis.key("calls", "");
    }

    @Override
    public String offer(CallRecord call, long ringMillis) {
        String answer = (String) run(
                        "offer",
                        call.id(),
                        call.caller(),
                        call.callee(),
                        call.callerConnection(),
                        call.offer(),
                        Long.toString(ringMillis),
                        Integer.toString(limits.maxCalls()),
                        Integer.toString(limits.perUser()),
                        Integer.toString(limits.ringingPerUser()),
                        Integer.toString(limits.ringsPerMinute()))
                .get(0);
        return answer.isEmpty() ? null : answer;
    }

    @Override
    public Optional<CallRecord> get(String id) {
        List<Object> answer = run("get", id);
        return answer.isEmpty() ? Optional.empty() : Optional.of(call(answer, 0));
    }

    @Override
    public boolean answer(String id, String connection) {
        return (Long) run("answer", id, connection).get(0) == 1;
    }

    @Override
    public Optional<CallRecord> end(String id, boolean onlyIfRinging) {
        List<Object> answer = run("end", id, onlyIfRinging ? "1" : "0");
        return answer.isEmpty() ? Optional.empty() : Optional.of(call(answer, 0));
    }

    @Override
    public List<CallRecord> of(String user) {
        List<Object> answer = run("of", user);
        List<CallRecord> calls = new ArrayList<>(answer.size() / FIELDS);
        for (int i = 0; i + FIELDS <= answer.size(); i += FIELDS) {
            calls.add(call(answer, i));
        }
        return calls;
    }

    @Override
    public List<String> overdue() {
        return run("overdue", Integer.toString(OVERDUE_BATCH)).stream()
                .map(String.class::cast)
                .toList();
    }

    private static CallRecord call(List<Object> fields, int from) {
        String calleeConnection = (String) fields.get(from + 4);
        return new CallRecord(
                (String) fields.get(from),
                (String) fields.get(from + 1),
                (String) fields.get(from + 2),
                (String) fields.get(from + 3),
                calleeConnection.isEmpty() ? null : calleeConnection,
                (String) fields.get(from + 5),
                "ringing".equals(fields.get(from + 6)));
    }

    private List<Object> run(String action, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = action;
        all[1] = base;
        System.arraycopy(args, 0, all, 2, args.length);
        return redis.run(CALLS, keys, all);
    }
}
