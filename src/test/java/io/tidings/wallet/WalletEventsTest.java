package io.tidings.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.delivery.Publication;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WalletEventsTest {

    @Test
    void eachEventHasItsChannelAndName() {
        BigDecimal one = new BigDecimal("0.000000000000000001");
        record Case(WalletEvent event, String channel, String name) {}
        for (Case c : new Case[] {
            new Case(
                    new WalletEvent.WalletBalanceChanged("0xa", "eth", "ETH", one, one, "0x1", 0),
                    "balance:0xa",
                    "balance.updated"),
            new Case(
                    new WalletEvent.NftTransferred("0xa", "punks", "1", "0xb", "0xa", "in", "0x2", 0),
                    "nft:0xa",
                    "nft.transfer"),
            new Case(new WalletEvent.TokenPriceUpdated("ETH", one, one, 0), "token:price", "price.update"),
            new Case(
                    new WalletEvent.StakingPositionUpdated("p1", one, one, one, "active", 0),
                    "staking:p1",
                    "staking.update"),
        }) {
            Publication p = WalletEvents.publication(c.event());
            assertEquals(c.channel(), p.channel());
            assertEquals(c.name(), p.event());
        }
        assertEquals(
                "0.000000000000000001",
                WalletEvents.publication(new WalletEvent.TokenPriceUpdated("ETH", one, one, 0))
                        .data()
                        .getString("price"),
                "wei-sized amounts stay exact");
    }
}
