package io.tidings.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.delivery.Publication;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketEventsTest {

    @Test
    void aTickerGoesToItsSymbolAndToTheAllTicker() {
        List<Publication> made = MarketEvents.publications(new MarketEvent.TickerUpdated(
                "BTCUSDT",
                new BigDecimal("45010.5"),
                new BigDecimal("45000"),
                new BigDecimal("45100"),
                new BigDecimal("44900"),
                new BigDecimal("12.5"),
                1));
        assertEquals(
                List.of("ticker:BTCUSDT", "ticker:all"),
                made.stream().map(Publication::channel).toList());
        assertEquals("10.5", made.get(0).data().getString("priceChange"));
    }

    @Test
    void bookLevelsArePairsOfDecimalStrings() {
        Publication snapshot = MarketEvents.publications(new MarketEvent.OrderBookSnapshotTaken(
                        "ETHUSDT",
                        3,
                        List.of(new MarketEvent.Level(new BigDecimal("2999.90"), new BigDecimal("1"))),
                        List.of(),
                        1))
                .get(0);
        assertEquals("orderbook:ETHUSDT", snapshot.channel());
        assertEquals("snapshot", snapshot.data().getString("type"));
        assertEquals(
                "2999.90", snapshot.data().getJsonArray("bids").getJsonArray(0).getString(0));
    }

    @Test
    void klinesTokensAndStatusHaveTheirChannels() {
        BigDecimal one = BigDecimal.ONE;
        assertEquals(
                "klines:BTCUSDT:1m",
                MarketEvents.publications(
                                new MarketEvent.KlineUpdated("BTCUSDT", "1m", 0, one, one, one, one, one, false, 0))
                        .get(0)
                        .channel());
        assertEquals(
                "tokens:GEM",
                MarketEvents.publications(new MarketEvent.TokenDataUpdated("GEM", one, one, one, one, 0))
                        .get(0)
                        .channel());
        assertEquals(
                "status",
                MarketEvents.publications(new MarketEvent.ServerStatusChanged("ok", "fine", 0))
                        .get(0)
                        .channel());
    }
}
