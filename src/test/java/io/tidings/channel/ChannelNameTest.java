package io.tidings.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNameTest {

    @Test
    void acceptsTwoHundredCharactersAndNoMore() {
        assertTrue(ChannelName.isValid("a".repeat(200)));
        assertFalse(ChannelName.isValid("a".repeat(201)));
    }

    @Test
    void rejectsNullAndEmpty() {
        assertFalse(ChannelName.isValid(null));
        assertFalse(ChannelName.isValid(""));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ticker:BTCUSDT",
                "a",
                "user:42:orders",
                "x_y.z@w=v,u-t",
                "balance:0xAbC123",
                "presence:ticker:BTCUSDT",
                "A:B:C:D"
            })
    void acceptsTheProtocolAlphabet(String name) {
        assertTrue(ChannelName.isValid(name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a b",
                "ticker:BTC/USDT",
                "ticker:",
                ":ticker",
                "a::b",
                "ticker:BTC\n",
                "tickér:x",
                "a*",
                "#room",
                "a\u0000b",
                "ticker:BTC USDT"
            })
    void rejectsCharactersOutsideTheAlphabetAndEmptySegments(String name) {
        assertFalse(ChannelName.isValid(name));
    }
}
