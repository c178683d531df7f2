package io.tidings.market;

import java.math.BigDecimal;
import java.util.List;

/** Something happened in a public market. Fire one as a CDI event; amounts are decimals, never floats. */
public sealed interface MarketEvent {

    /** A price level of an order book: a price and the quantity there (0 removes the level in a delta). */
    record Level(BigDecimal price, BigDecimal quantity) {}

    /** {@code ticker:{symbol}} and {@code ticker:all}, {@code ticker.update}. */
    record TickerUpdated(
            String symbol,
            BigDecimal lastPrice,
            BigDecimal openPrice,
            BigDecimal highPrice,
            BigDecimal lowPrice,
            BigDecimal volume,
            long ts)
            implements MarketEvent {}

    /** {@code orderbook:{symbol}}, {@code orderbook.update} of type {@code snapshot}: the whole book. */
    record OrderBookSnapshotTaken(String symbol, long updateId, List<Level> bids, List<Level> asks, long ts)
            implements MarketEvent {}

    /** {@code orderbook:{symbol}}, {@code orderbook.update} of type {@code delta}: changed levels only. */
    record OrderBookChanged(
            String symbol, long firstUpdateId, long lastUpdateId, List<Level> bids, List<Level> asks, long ts)
            implements MarketEvent {}

    /** {@code trades:{symbol}}, {@code trade}: a public trade; {@code side} is the taker's, buy or sell. */
    record TradeExecuted(String symbol, String tradeId, BigDecimal price, BigDecimal quantity, String side, long ts)
            implements MarketEvent {}

    /** {@code klines:{symbol}:{interval}}, {@code kline.update}. */
    record KlineUpdated(
            String symbol,
            String interval,
            long openTime,
            BigDecimal open,
            BigDecimal high,
            BigDecimal low,
            BigDecimal close,
            BigDecimal volume,
            boolean closed,
            long ts)
            implements MarketEvent {}

    /** {@code tokens:{symbol}}, {@code token.update}: a game's or a listing's token data. */
    record TokenDataUpdated(
            String symbol, BigDecimal price, BigDecimal change24h, BigDecimal marketCap, BigDecimal volume24h, long ts)
            implements MarketEvent {}

    /** {@code status}, {@code status.update}: the service's own state, e.g. {@code ok}, {@code degraded}. */
    record ServerStatusChanged(String status, String message, long ts) implements MarketEvent {}
}
