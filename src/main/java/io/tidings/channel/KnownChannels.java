package io.tidings.channel;

/** The channels some namespace knows: only those can be published to. */
public record KnownChannels(ChannelRules rules) {

    public boolean knows(String channel) {
        return rules.resolve(channel).isPresent();
    }

    /** Whether anyone, anonymous included, may subscribe to the channel (a ticker, a book, a kline). */
    public boolean isPublic(String channel) {
        return rules.resolve(channel)
                .filter(match -> match.pattern().access() == Access.PUBLIC)
                .isPresent();
    }
}
