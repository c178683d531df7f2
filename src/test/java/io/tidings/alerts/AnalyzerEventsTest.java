package io.tidings.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.delivery.Publication;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AnalyzerEventsTest {

    @Test
    void eachEventHasItsChannelAndName() {
        BigDecimal one = new BigDecimal("1.50");
        record Case(AnalyzerEvent event, String channel, String name) {}
        for (Case c : new Case[] {
            new Case(new AnalyzerEvent.PriceUpdated("btc", one, one, one, 0), "price:btc", "price_update"),
            new Case(
                    new AnalyzerEvent.AlertTriggered("u", "a", "btc", "price > 1", one, 0),
                    "user:u:alerts",
                    "alert_triggered"),
            new Case(new AnalyzerEvent.WhaleMoved("btc", "0x", one, one, "a", "b", 0), "whales:btc", "whale_movement"),
            new Case(new AnalyzerEvent.SocialSpiked("btc", "x", 5, one, 0), "social:btc", "social_spike"),
            new Case(new AnalyzerEvent.PortfolioUpdated("u", one, one, 0), "user:u:portfolio", "portfolio_update"),
        }) {
            Publication p = AnalyzerEvents.publication(c.event());
            assertEquals(c.channel(), p.channel());
            assertEquals(c.name(), p.event());
        }
        assertEquals(
                "1.50",
                AnalyzerEvents.publication(new AnalyzerEvent.PriceUpdated("btc", one, one, one, 0))
                        .data()
                        .getString("price"));
    }
}
