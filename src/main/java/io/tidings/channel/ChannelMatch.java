package io.tidings.channel;

import java.util.Map;

/** A channel name resolved to the rule that governs it, with the values of the rule's variables. */
public record ChannelMatch(String channel, ChannelPattern pattern, Map<String, String> variables) {

    public ChannelMatch {
        variables = Map.copyOf(variables);
    }

    public String variable(String name) {
        return variables.get(name);
    }
}
