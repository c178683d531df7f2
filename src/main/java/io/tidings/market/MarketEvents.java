package io.tidings.market;

import io.tidings.delivery.ChannelStateChanged;
import io.tidings.delivery.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.util.List;

/** Maps each {@link MarketEvent} to its publications (see docs/events.md) and fires them for the publisher. */
@ApplicationScoped
public class MarketEvents {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    @Inject
    Event<Publication> publications;

    @Inject
    Event<ChannelStateChanged> states;

    /** Publishes the event; a book snapshot is also the book's state for new subscribers. */
    void on(@Observes MarketEvent event) {
        List<Publication> made = publications(event);
        made.forEach(publications::fire);
        if (event instanceof MarketEvent.OrderBookSnapshotTaken) {
            Publication snapshot = made.get(0);
            states.fire(new ChannelStateChanged(snapshot.channel(), snapshot.event(), snapshot.data()));
        }
    }

    /** The publications an event makes: pure, for tests and for whoever wants the mapping without publishing. */
    public static List<Publication> publications(MarketEvent event) {
        if (event instanceof MarketEvent.TickerUpdated t) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("symbol", t.symbol())
                    .add("lastPrice", text(t.lastPrice()))
                    .add("openPrice", text(t.openPrice()))
                    .add("highPrice", text(t.highPrice()))
                    .add("lowPrice", text(t.lowPrice()))
                    .add("priceChange", text(t.lastPrice().subtract(t.openPrice())))
                    .add("volume", text(t.volume()))
                    .build();
            return List.of(
                    new Publication("ticker:" + t.symbol(), "ticker.update", data, t.ts()),
                    new Publication("ticker:all", "ticker.update", data, t.ts()));
        }
        if (event instanceof MarketEvent.OrderBookSnapshotTaken s) {
            return List.of(new Publication(
                    "orderbook:" + s.symbol(),
                    "orderbook.update",
                    JSON.createObjectBuilder()
                            .add("symbol", s.symbol())
                            .add("type", "snapshot")
                            .add("lastUpdateId", s.updateId())
                            .add("bids", levels(s.bids()))
                            .add("asks", levels(s.asks()))
                            .build(),
                    s.ts()));
        }
        if (event instanceof MarketEvent.OrderBookChanged d) {
            return List.of(new Publication(
                    "orderbook:" + d.symbol(),
                    "orderbook.update",
                    JSON.createObjectBuilder()
                            .add("symbol", d.symbol())
                            .add("type", "delta")
                            .add("firstUpdateId", d.firstUpdateId())
                            .add("lastUpdateId", d.lastUpdateId())
                            .add("bids", levels(d.bids()))
                            .add("asks", levels(d.asks()))
                            .build(),
                    d.ts()));
        }
        if (event instanceof MarketEvent.TradeExecuted t) {
            return List.of(new Publication(
                    "trades:" + t.symbol(),
                    "trade",
                    JSON.createObjectBuilder()
                            .add("symbol", t.symbol())
                            .add("tradeId", t.tradeId())
                            .add("price", text(t.price()))
                            .add("quantity", text(t.quantity()))
                            .add("side", t.side())
                            .add("tradeTime", t.ts())
                            .build(),
                    t.ts()));
        }
        if (event instanceof MarketEvent.KlineUpdated k) {
            return List.of(new Publication(
                    "klines:" + k.symbol() + ":" + k.interval(),
                    "kline.update",
                    JSON.createObjectBuilder()
                            .add("symbol", k.symbol())
                            .add("interval", k.interval())
                            .add("openTime", k.openTime())
                            .add("open", text(k.open()))
                            .add("high", text(k.high()))
                            .add("low", text(k.low()))
                            .add("close", text(k.close()))
                            .add("volume", text(k.volume()))
                            .add("closed", k.closed())
                            .build(),
                    k.ts()));
        }
        if (event instanceof MarketEvent.TokenDataUpdated t) {
            return List.of(new Publication(
                    "tokens:" + t.symbol(),
                    "token.update",
                    JSON.createObjectBuilder()
                            .add("symbol", t.symbol())
                            .add("price", text(t.price()))
                            .add("change24h", text(t.change24h()))
                            .add("marketCap", text(t.marketCap()))
                            .add("volume24h", text(t.volume24h()))
                            .build(),
                    t.ts()));
        }
        MarketEvent.ServerStatusChanged s = (MarketEvent.ServerStatusChanged) event;
        return List.of(new Publication(
                "status",
                "status.update",
                JSON.createObjectBuilder()
                        .add("status", s.status())
                        .add("message", s.message())
                        .build(),
                s.ts()));
    }

    private static JsonArrayBuilder levels(List<MarketEvent.Level> levels) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        levels.forEach(level ->
                array.add(JSON.createArrayBuilder().add(text(level.price())).add(text(level.quantity()))));
        return array;
    }

    static String text(BigDecimal amount) {
        return amount.toPlainString();
    }
}
