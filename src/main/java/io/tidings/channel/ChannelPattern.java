package io.tidings.channel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One row of the channel rules, such as {@code klines:{symbol}:{interval}}. A {@code {name}} segment matches one
 * segment, optionally restricted to a set of values; a trailing {@code {channel}} matches the rest of the name.
 *
 * @param template the pattern as written in the protocol
 * @param access who may subscribe
 * @param conflatable whether intermediate events may be dropped for slow subscribers and throttling
 * @param clientPublish whether those allowed to subscribe may also {@code publish} to it from a connection
 * @param allowed per variable, the only values it may take (absent: any segment)
 */
public record ChannelPattern(
        String template, Access access, boolean conflatable, boolean clientPublish, Map<String, Set<String>> allowed) {

    private static final String REST = "{channel}";

    public ChannelPattern {
        allowed = Map.copyOf(allowed);
    }

    public static ChannelPattern of(String template, Access access) {
        return new ChannelPattern(template, access, false, false, Map.of());
    }

    public ChannelPattern conflated() {
        return new ChannelPattern(template, access, true, clientPublish, allowed);
    }

    /** The same pattern, open to client {@code publish} by those allowed to subscribe. */
    public ChannelPattern publishable() {
        return new ChannelPattern(template, access, conflatable, true, allowed);
    }

    public ChannelPattern restrict(String variable, Set<String> values) {
        Map<String, Set<String>> more = new HashMap<>(allowed);
        more.put(variable, Set.copyOf(values));
        return new ChannelPattern(template, access, conflatable, clientPublish, more);
    }

    /** The variables of {@code channel} when it matches this pattern. */
    public Optional<Map<String, String>> match(String channel) {
        List<String> parts = List.of(template.split(":"));
        String[] segments = channel.split(":", -1);
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.equals(REST) && i == parts.size() - 1 && i < segments.length) {
                vars.put("channel", String.join(":", List.of(segments).subList(i, segments.length)));
                return Optional.of(vars);
            }
            if (i >= segments.length || !matchesPart(part, segments[i], vars)) {
                return Optional.empty();
            }
        }
        return segments.length == parts.size() ? Optional.of(vars) : Optional.empty();
    }

    private boolean matchesPart(String part, String segment, Map<String, String> vars) {
        if (!part.startsWith("{")) {
            return part.equals(segment);
        }
        String name = part.substring(1, part.length() - 1);
        Set<String> values = allowed.get(name);
        if (values != null && !values.contains(segment)) {
            return false;
        }
        vars.put(name, segment);
        return true;
    }
}
