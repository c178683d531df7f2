package io.tidings.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Presence on one node, in memory: every change is applied at once. */
public class LocalPresenceStore implements PresenceStore {

    private record Here(int connections, long since) {}

    private final Map<String, Map<String, Here>> scopes = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Change> set(String scope, String user, int count) {
        Change[] change = {Change.NONE};
        scopes.compute(scope, (name, members) -> {
            Map<String, Here> of = members == null ? new HashMap<>() : members;
            Here before = of.get(user);
            if (count > 0) {
                long since = before == null ? System.currentTimeMillis() : before.since();
                of.put(user, new Here(count, since));
                if (before == null) {
                    change[0] = new Change(Change.Kind.JOINED, since);
                }
            } else if (before != null) {
                of.remove(user);
                change[0] = new Change(Change.Kind.LEFT, before.since());
            }
            return of.isEmpty() ? null : of;
        });
        return CompletableFuture.completedFuture(change[0]);
    }

    @Override
    public List<Member> members(String scope) {
        List<Member> members = new ArrayList<>();
        scopes.computeIfPresent(scope, (name, of) -> {
            of.forEach((user, here) -> members.add(new Member(user, here.connections(), here.since())));
            return of;
        });
        return members;
    }

    @Override
    public Optional<Member> member(String scope, String user) {
        Member[] member = {null};
        scopes.computeIfPresent(scope, (name, of) -> {
            Here here = of.get(user);
            if (here != null) {
                member[0] = new Member(user, here.connections(), here.since());
            }
            return of;
        });
        return Optional.ofNullable(member[0]);
    }

    @Override
    public Heartbeat heartbeat() {
        return Heartbeat.QUIET;
    }
}
