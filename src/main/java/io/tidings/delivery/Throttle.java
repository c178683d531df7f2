package io.tidings.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Optional per-pattern publish rates ({@code tidings.throttle}, e.g. {@code ticker:=1,token:price=2}: channel prefix =
 * publications per second per channel). A publication inside a channel's interval is held, replacing any held
 * before it, and published when the interval ends: the latest state always arrives, at most at the rate.
 * Thread-safe.
 */
final class Throttle {

    /** What to do with a publication now. */
    sealed interface Decision {}

    /** Publish it now. */
    record Now() implements Decision {}

    /** It is held; if {@code flushAt} is positive, schedule a flush of the channel at that time. */
    record Held(long flushAt) implements Decision {}

    private record Rule(String prefix, long intervalMillis) {}

    private static final class State {
        long nextAllowed;
        Publication held;
    }

    private static final int MAX_TRACKED = 100_000;

    private final List<Rule> rules;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    Throttle(String spec) {
        List<Rule> parsed = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] rule = part.trim().split("=");
            if (rule.length == 2) {
                double perSecond = Double.parseDouble(rule[1].trim());
                if (perSecond > 0) {
                    parsed.add(new Rule(rule[0].trim(), Math.round(1000 / perSecond)));
                }
            }
        }
        this.rules = List.copyOf(parsed);
    }

    boolean active() {
        return !rules.isEmpty();
    }

    Decision offer(Publication publication, long now) {
        Rule rule = ruleFor(publication.channel());
        if (rule == null) {
            return new Now();
        }
        if (states.size() > MAX_TRACKED) {
            states.values().removeIf(s -> s.held == null && s.nextAllowed < now);
        }
        State state = states.computeIfAbsent(publication.channel(), c -> new State());
        synchronized (state) {
            if (state.held == null && now >= state.nextAllowed) {
                state.nextAllowed = now + rule.intervalMillis;
                return new Now();
            }
            boolean first = state.held == null;
            state.held = publication;
            return new Held(first ? state.nextAllowed : 0);
        }
    }

    /** The held publication of a channel, to publish now, or null. */
    Publication release(String channel, long now) {
        State state = states.get(channel);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            Publication held = state.held;
            state.held = null;
            Rule rule = ruleFor(channel);
            state.nextAllowed = now + (rule == null ? 0 : rule.intervalMillis);
            return held;
        }
    }

    private Rule ruleFor(String channel) {
        for (Rule rule : rules) {
            if (channel.startsWith(rule.prefix)) {
                return rule;
            }
        }
        return null;
    }
}
