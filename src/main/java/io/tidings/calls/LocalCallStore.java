package io.tidings.calls;

import io.tidings.limits.AddressWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The calls of one node, in memory, under one lock (admission looks at both parties' calls; each user's are indexed,
 * so nothing scans every call). Its ring timeouts are the node's timers: {@link #overdue} has nothing to add.
 */
class LocalCallStore implements CallStore {

    private final CallLimits limits;
    private final Map<String, CallRecord> calls = new HashMap<>();
    private final Map<String, Set<String>> byUser = new HashMap<>();
    private final AddressWindow ringsPerCallee;

    LocalCallStore(CallLimits limits) {
        this.limits = limits;
        this.ringsPerCallee = new AddressWindow(limits.ringsPerMinute(), 60_000);
    }

    @Override
    public synchronized String offer(CallRecord call, long ringMillis) {
        if (calls.containsKey(call.id())) {
            return TAKEN;
        }
        long now = System.currentTimeMillis();
        String refusal = refusal(call.caller(), call.callee(), now);
        if (refusal != null) {
            return refusal;
        }
        calls.put(call.id(), call);
        byUser.computeIfAbsent(call.caller(), u -> new LinkedHashSet<>()).add(call.id());
        byUser.computeIfAbsent(call.callee(), u -> new LinkedHashSet<>()).add(call.id());
        ringsPerCallee.record(call.callee(), now);
        return null;
    }

    /** Why a new call may not ring now (see {@link Calls}), or null. */
    private String refusal(String caller, String callee, long now) {
        if (calls.size() >= limits.maxCalls()) {
            return Refusals.TOO_MANY_CALLS;
        }
        List<CallRecord> callers = of(caller);
        List<CallRecord> callees = of(callee);
        if (callers.size() >= limits.perUser()) {
            return Refusals.CALLER_BUSY;
        }
        if (callees.size() >= limits.perUser()) {
            return Refusals.CALLEE_BUSY;
        }
        if (callers.stream().anyMatch(c -> c.ringing() && c.callee().equals(callee))) {
            return Refusals.STILL_RINGING;
        }
        if (callees.stream()
                        .filter(c -> c.ringing() && c.callee().equals(callee))
                        .count()
                >= limits.ringingPerUser()) {
            return Refusals.TOO_MANY_RINGING;
        }
        if (ringsPerCallee.over(callee, now)) {
            return Refusals.RUNG_TOO_OFTEN;
        }
        return null;
    }

    @Override
    public synchronized Optional<CallRecord> get(String id) {
        return Optional.ofNullable(calls.get(id));
    }

    @Override
    public synchronized boolean answer(String id, String connection) {
        CallRecord call = calls.get(id);
        if (call == null || !call.ringing()) {
            return false;
        }
        calls.put(
                id,
                new CallRecord(
                        id, call.caller(), call.callee(), call.callerConnection(), connection, call.offer(), false));
        return true;
    }

    @Override
    public synchronized Optional<CallRecord> end(String id, boolean onlyIfRinging) {
        CallRecord call = calls.get(id);
        if (call == null || (onlyIfRinging && !call.ringing())) {
            return Optional.empty();
        }
        calls.remove(id);
        forget(call.caller(), id);
        forget(call.callee(), id);
        return Optional.of(call);
    }

    private void forget(String user, String id) {
        Set<String> of = byUser.get(user);
        if (of != null && of.remove(id) && of.isEmpty()) {
            byUser.remove(user);
        }
    }

    @Override
    public synchronized List<CallRecord> of(String user) {
        List<CallRecord> theirs = new ArrayList<>();
        for (String id : byUser.getOrDefault(user, Set.of())) {
            theirs.add(calls.get(id));
        }
        return theirs;
    }

    @Override
    public List<String> overdue() {
        return List.of();
    }
}
