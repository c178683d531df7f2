package io.tidings.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelRulesTest {

    private final ChannelRules market = ChannelRules.market();

    @ParameterizedTest
    @CsvSource({
        "ticker:BTCUSDT, PUBLIC",
        "ticker:all, PUBLIC",
        "orderbook:ETHUSDT, PUBLIC",
        "trades:SOLUSDT, PUBLIC",
        "klines:BTCUSDT:1m, PUBLIC",
        "klines:BTCUSDT:1M, PUBLIC",
        "klines:BTCUSDT:1w, PUBLIC",
        "token:price, PUBLIC",
        "price:bitcoin, PUBLIC",
        "whales:bitcoin, PUBLIC",
        "social:ethereum, PUBLIC",
        "tokens:PEPE, PUBLIC",
        "status, PUBLIC",
        "user:42:orders, OWNER",
        "user:42:notifications, OWNER",
        "user:abc-1:portfolio, OWNER",
        "balance:0xabc, CLAIM",
        "nft:0xabc, CLAIM",
        "staking:pos-7, CLAIM",
        "presence:ticker:BTCUSDT, PRESENCE",
        "presence:user:42:orders, PRESENCE"
    })
    void resolvesTheDefaultPatterns(String channel, Access access) {
        assertEquals(access, market.resolve(channel).orElseThrow().pattern().access());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "foo",
                "foo:bar",
                "ticker",
                "ticker:a:b",
                "klines:BTCUSDT",
                "klines:BTCUSDT:2m",
                "klines:BTCUSDT:1m:x",
                "user:42",
                "user:42:secrets",
                "user:42:orders:x",
                "token:prices",
                "status:x",
                "presence:nope",
                "presence:presence:ticker:X",
                "conversation:1",
                "",
                "ticker:a b"
            })
    void unknownOrMalformedNamesDoNotResolve(String channel) {
        assertTrue(market.resolve(channel).isEmpty(), channel);
    }

    @Test
    void exposesTheVariablesOfTheMatch() {
        ChannelMatch match = market.resolve("user:42:orders").orElseThrow();
        assertEquals("42", match.variable("userId"));
        assertEquals("orders", match.variable("stream"));
        assertEquals(
                "ticker:BTCUSDT",
                market.resolve("presence:ticker:BTCUSDT").orElseThrow().variable("channel"));
    }

    @Test
    void marksTickersAndPricesConflatable() {
        assertTrue(market.resolve("ticker:BTCUSDT").orElseThrow().pattern().conflatable());
        assertTrue(market.resolve("token:price").orElseThrow().pattern().conflatable());
        assertFalse(market.resolve("trades:BTCUSDT").orElseThrow().pattern().conflatable());
    }

    @Test
    void aUnionKnowsTheChannelsOfEachRuleSet() {
        ChannelRules union = ChannelRules.union(List.of(ChannelRules.market(), ChannelRules.messaging()));
        assertTrue(union.resolve("ticker:BTCUSDT").isPresent());
        assertTrue(union.resolve("presence:conversation:9").isPresent(), "presence of a channel of another set");
        assertEquals(
                Access.MEMBERS,
                union.resolve("conversation:9").orElseThrow().pattern().access());
    }
}
