package io.tidings.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.channel.ChannelRules;
import io.tidings.delivery.Publication;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedMarketTest {

    private final SimulatedMarket market = new SimulatedMarket("BTCUSDT", new Random(1));

    @Test
    void publishesOnlyToPublicMarketChannelsWithDecimalStrings() {
        List<Publication> all = new ArrayList<>();
        all.add(market.bookSnapshot(0));
        for (int i = 0; i < 20; i++) {
            all.addAll(market.step(i * 200L));
            all.addAll(market.summary(i * 200L));
        }
        for (Publication publication : all) {
            assertTrue(ChannelRules.market().resolve(publication.channel()).isPresent(), publication.channel());
        }
        JsonObject ticker = find(all, "ticker.update").data();
        new BigDecimal(ticker.getString("lastPrice"));
        assertEquals("BTCUSDT", ticker.getString("symbol"));
        assertEquals(JsonValue.ValueType.STRING, ticker.get("volume").getValueType());
        assertEquals("1m", find(all, "kline.update").data().getString("interval"));
    }

    @Test
    void bookDeltasContinueTheSnapshotsUpdateIds() {
        long last = market.bookSnapshot(0).data().getJsonNumber("lastUpdateId").longValue();
        for (int i = 0; i < 50; i++) {
            JsonObject delta = market.step(i).stream()
                    .filter(p -> p.channel().startsWith("orderbook:"))
                    .findFirst()
                    .orElseThrow()
                    .data();
            assertEquals("delta", delta.getString("type"));
            assertEquals(last + 1, delta.getJsonNumber("firstUpdateId").longValue());
            last = delta.getJsonNumber("lastUpdateId").longValue();
        }
        JsonObject snapshot = market.bookSnapshot(0).data();
        assertEquals(last, snapshot.getJsonNumber("lastUpdateId").longValue());
        JsonArray bids = snapshot.getJsonArray("bids");
        JsonArray asks = snapshot.getJsonArray("asks");
        assertEquals(SimulatedMarket.BOOK_DEPTH, bids.size());
        assertEquals(SimulatedMarket.BOOK_DEPTH, asks.size());
        BigDecimal bestBid = new BigDecimal(bids.getJsonArray(0).getString(0));
        BigDecimal bestAsk = new BigDecimal(asks.getJsonArray(0).getString(0));
        assertTrue(bestBid.compareTo(bestAsk) < 0, "the book is not crossed");
    }

    private static Publication find(List<Publication> all, String event) {
        return all.stream().filter(p -> p.event().equals(event)).findFirst().orElseThrow();
    }
}
