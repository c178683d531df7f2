package io.tidings.channel;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The channel patterns a namespace accepts, tried in order. A name no pattern matches is an unknown channel
 * ({@code invalid_channel}), as is a name outside the grammar.
 */
public final class ChannelRules {

    public static final Set<String> KLINE_INTERVALS =
            Set.of("1m", "3m", "5m", "15m", "30m", "1h", "4h", "1d", "1w", "1M");
    public static final Set<String> USER_STREAMS =
            Set.of("orders", "trades", "balances", "deposits", "alerts", "portfolio", "notifications", "calls");

    private final List<ChannelPattern> patterns;

    public ChannelRules(List<ChannelPattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The default rules of {@code /ws}: market data, wallet channels, user channels and presence. */
    public static ChannelRules market() {
        return new ChannelRules(List.of(
                ChannelPattern.of("ticker:{symbol}", Access.PUBLIC).conflated(),
                ChannelPattern.of("orderbook:{symbol}", Access.PUBLIC),
                ChannelPattern.of("trades:{symbol}", Access.PUBLIC),
                ChannelPattern.of("klines:{symbol}:{interval}", Access.PUBLIC).restrict("interval", KLINE_INTERVALS),
                ChannelPattern.of("token:price", Access.PUBLIC).conflated(),
                ChannelPattern.of("price:{coinId}", Access.PUBLIC).conflated(),
                ChannelPattern.of("whales:{coinId}", Access.PUBLIC),
                ChannelPattern.of("social:{coinId}", Access.PUBLIC),
                ChannelPattern.of("tokens:{symbol}", Access.PUBLIC),
                ChannelPattern.of("status", Access.PUBLIC),
                ChannelPattern.of("user:{userId}:{stream}", Access.OWNER).restrict("stream", USER_STREAMS),
                ChannelPattern.of("balance:{address}", Access.CLAIM),
                ChannelPattern.of("nft:{address}", Access.CLAIM),
                ChannelPattern.of("staking:{positionId}", Access.CLAIM),
                ChannelPattern.of("presence:{channel}", Access.PRESENCE)));
    }

    /** {@code /messaging}: conversations and who is present in them. */
    public static ChannelRules messaging() {
        return new ChannelRules(List.of(
                ChannelPattern.of("conversation:{id}", Access.MEMBERS),
                ChannelPattern.of("presence:{channel}", Access.PRESENCE)));
    }

    /** {@code /notifications} and {@code /video-calls}: the user's own stream. */
    public static ChannelRules userStream(String stream) {
        return new ChannelRules(List.of(
                ChannelPattern.of("user:{userId}:{stream}", Access.OWNER).restrict("stream", Set.of(stream))));
    }

    public static final Set<String> MONITOR_STREAMS = Set.of("stats", "log");

    /** {@code /admin}'s own: the monitor's feed, {@code monitor:stats} and {@code monitor:log}. */
    public static ChannelRules monitor() {
        return new ChannelRules(
                List.of(ChannelPattern.of("monitor:{stream}", Access.ADMIN).restrict("stream", MONITOR_STREAMS)));
    }

    /** The patterns of all these rules, in order, each once: e.g. every namespace's, for the HTTP API. */
    public static ChannelRules union(Collection<ChannelRules> rules) {
        Set<ChannelPattern> all = new LinkedHashSet<>();
        rules.forEach(r -> all.addAll(r.patterns));
        return new ChannelRules(List.copyOf(all));
    }

    /** The rule for {@code channel}, or empty when the name is outside the grammar or matches no pattern. */
    public Optional<ChannelMatch> resolve(String channel) {
        if (!ChannelName.isValid(channel)) {
            return Optional.empty();
        }
        for (ChannelPattern pattern : patterns) {
            Optional<Map<String, String>> vars = pattern.match(channel);
            if (vars.isPresent() && innerResolves(pattern, vars.get())) {
                return Optional.of(new ChannelMatch(channel, pattern, vars.get()));
            }
        }
        return Optional.empty();
    }

    private boolean innerResolves(ChannelPattern pattern, Map<String, String> vars) {
        if (pattern.access() != Access.PRESENCE) {
            return true;
        }
        return resolve(vars.get("channel"))
                .filter(inner -> inner.pattern().access() != Access.PRESENCE)
                .isPresent();
    }
}
