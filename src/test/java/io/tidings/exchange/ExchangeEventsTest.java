package io.tidings.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.delivery.Publication;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExchangeEventsTest {

    @Test
    void ordersGoToTheUsersOrdersWithAmountsAsDecimalStrings() {
        Publication p = ExchangeEvents.publication(new ExchangeEvent.OrderFilled(
                "u1",
                "o1",
                "BTCUSDT",
                "buy",
                new BigDecimal("45000.00"),
                new BigDecimal("0.1"),
                new BigDecimal("0.4"),
                5));
        assertEquals("user:u1:orders", p.channel());
        assertEquals("order.filled", p.event());
        assertEquals("45000.00", p.data().getString("price"));
        assertEquals("partially_filled", p.data().getString("status"));
        assertEquals(5, p.ts());
    }

    @Test
    void everyKindHasItsStreamAndName() {
        BigDecimal one = BigDecimal.ONE;
        record Case(ExchangeEvent event, String channel, String name) {}
        for (Case c : new Case[] {
            new Case(
                    new ExchangeEvent.OrderCreated("u", "o", "S", "buy", "market", null, one, 0),
                    "user:u:orders",
                    "order.created"),
            new Case(new ExchangeEvent.OrderCancelled("u", "o", "S", "user", 0), "user:u:orders", "order.cancelled"),
            new Case(new ExchangeEvent.OrderExpired("u", "o", "S", 0), "user:u:orders", "order.expired"),
            new Case(
                    new ExchangeEvent.TradeExecuted("u", "t", "o", "S", "buy", one, one, one, "BNB", 0),
                    "user:u:trades",
                    "trade.executed"),
            new Case(new ExchangeEvent.BalanceUpdated("u", "BTC", one, one, 0), "user:u:balances", "balance.updated"),
            new Case(new ExchangeEvent.BalanceLocked("u", "BTC", one, "o", 0), "user:u:balances", "balance.locked"),
            new Case(new ExchangeEvent.BalanceUnlocked("u", "BTC", one, "o", 0), "user:u:balances", "balance.unlocked"),
            new Case(
                    new ExchangeEvent.DepositDetected("u", "d", "BTC", one, "0x1", 0),
                    "user:u:deposits",
                    "deposit.detected"),
            new Case(
                    new ExchangeEvent.DepositConfirmed("u", "d", "BTC", one, "0x1", 6, 0),
                    "user:u:deposits",
                    "deposit.confirmed"),
            new Case(new ExchangeEvent.DepositCredited("u", "d", "BTC", one, 0), "user:u:deposits", "deposit.credited"),
        }) {
            Publication p = ExchangeEvents.publication(c.event());
            assertEquals(c.channel(), p.channel(), c.name());
            assertEquals(c.name(), p.event());
        }
    }
}
