package io.tidings.channel;

/** The channels some namespace knows: only those can be published to. */
public record KnownChannels(ChannelRules rules) {

    public boolean knows(String channel) {
        return rules.resolve(channel).isPresent();
    }
}
