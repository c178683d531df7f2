package io.tidings.demo;

import io.tidings.delivery.Publication;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * One symbol of a make-believe exchange, shaped like a real one: decimal strings, an order book published as a
 * snapshot then deltas with update ids, trades with ids, 1-minute klines. Not thread-safe: one ticker drives it.
 */
final class SimulatedMarket {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    static final int BOOK_DEPTH = 20;
    private static final long MINUTE = 60_000;
    private static final Map<String, BigDecimal> START_PRICES = Map.of(
            "BTCUSDT",
            new BigDecimal("45000.00"),
            "ETHUSDT",
            new BigDecimal("2500.00"),
            "SOLUSDT",
            new BigDecimal("100.000"),
            "BNBUSDT",
            new BigDecimal("300.00"),
            "XRPUSDT",
            new BigDecimal("0.5000"));

    private final String symbol;
    private final Random random;
    private final int scale;
    private final BigDecimal tick;
    private final BigDecimal open;
    private final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(java.util.Comparator.reverseOrder());
    private final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private BigDecimal price;
    private BigDecimal high;
    private BigDecimal low;
    private BigDecimal volume = BigDecimal.ZERO;
    private BigDecimal quoteVolume = BigDecimal.ZERO;
    private long updateId;
    private long tradeId;
    private Kline kline;

    SimulatedMarket(String symbol, Random random) {
        this.symbol = symbol;
        this.random = random;
        this.price = START_PRICES.getOrDefault(symbol, new BigDecimal("10.000"));
        this.scale = price.scale();
        this.tick = BigDecimal.ONE.movePointLeft(scale);
        this.open = price;
        this.high = price;
        this.low = price;
        for (int level = 1; level <= BOOK_DEPTH; level++) {
            bids.put(price.subtract(tick.multiply(BigDecimal.valueOf(level))), quantity());
            asks.put(price.add(tick.multiply(BigDecimal.valueOf(level))), quantity());
        }
    }

    String symbol() {
        return symbol;
    }

    /** Moves the price a little and reports trades and book changes: a few times a second. */
    List<Publication> step(long now) {
        List<Publication> out = new ArrayList<>();
        BigDecimal move = tick.multiply(BigDecimal.valueOf(random.nextInt(21) - 10));
        price = price.add(move).max(tick.multiply(BigDecimal.valueOf(BOOK_DEPTH + 1)));
        high = high.max(price);
        low = low.min(price);
        int trades = random.nextInt(3);
        for (int i = 0; i < trades; i++) {
            out.add(trade(now));
        }
        out.add(bookDelta(now));
        return out;
    }

    /** The periodic summaries: ticker (on its symbol and on {@code ticker:all}), kline and token price. */
    List<Publication> summary(long now) {
        JsonObject ticker = JSON.createObjectBuilder()
                .add("symbol", symbol)
                .add("lastPrice", text(price))
                .add("openPrice", text(open))
                .add("highPrice", text(high))
                .add("lowPrice", text(low))
                .add("priceChange", text(price.subtract(open)))
                .add("priceChangePercent", changePercent())
                .add("bestBid", text(bids.firstKey()))
                .add("bestAsk", text(asks.firstKey()))
                .add("volume", volume.setScale(4, RoundingMode.HALF_UP).toPlainString())
                .add(
                        "quoteVolume",
                        quoteVolume.setScale(2, RoundingMode.HALF_UP).toPlainString())
                .build();
        JsonObject token = JSON.createObjectBuilder()
                .add("symbol", symbol.replace("USDT", ""))
                .add("price", text(price))
                .add("change24h", changePercent())
                .build();
        return List.of(
                new Publication("ticker:" + symbol, "ticker.update", ticker, now),
                new Publication("ticker:all", "ticker.update", ticker, now),
                new Publication(
                        "klines:" + symbol + ":1m", "kline.update", kline(now).toJson(symbol), now),
                new Publication("token:price", "price.update", token, now));
    }

    /** The whole book, for late joiners to start from. */
    Publication bookSnapshot(long now) {
        return new Publication(
                "orderbook:" + symbol,
                "orderbook.update",
                JSON.createObjectBuilder()
                        .add("symbol", symbol)
                        .add("type", "snapshot")
                        .add("lastUpdateId", updateId)
                        .add("bids", levels(bids))
                        .add("asks", levels(asks))
                        .build(),
                now);
    }

    private Publication trade(long now) {
        BigDecimal quantity = quantity();
        boolean buy = random.nextBoolean();
        volume = volume.add(quantity);
        quoteVolume = quoteVolume.add(quantity.multiply(price));
        kline(now).add(price, quantity);
        return new Publication(
                "trades:" + symbol,
                "trade",
                JSON.createObjectBuilder()
                        .add("symbol", symbol)
                        .add("tradeId", ++tradeId)
                        .add("price", text(price))
                        .add("quantity", quantity.toPlainString())
                        .add("side", buy ? "buy" : "sell")
                        .add("tradeTime", now)
                        .build(),
                now);
    }

    private Publication bookDelta(long now) {
        long first = updateId + 1;
        NavigableMap<BigDecimal, BigDecimal> changedBids = new TreeMap<>(bids.comparator());
        NavigableMap<BigDecimal, BigDecimal> changedAsks = new TreeMap<>();
        // Re-centre the book on the new price: levels that crossed it go (quantity "0"), new ones appear.
        recentre(bids, changedBids, true);
        recentre(asks, changedAsks, false);
        for (int i = 0; i < 3; i++) {
            boolean bid = random.nextBoolean();
            change(bid ? bids : asks, bid ? changedBids : changedAsks);
        }
        updateId = first + changedBids.size() + changedAsks.size();
        return new Publication(
                "orderbook:" + symbol,
                "orderbook.update",
                JSON.createObjectBuilder()
                        .add("symbol", symbol)
                        .add("type", "delta")
                        .add("firstUpdateId", first)
                        .add("lastUpdateId", updateId)
                        .add("bids", levels(changedBids))
                        .add("asks", levels(changedAsks))
                        .build(),
                now);
    }

    private void recentre(
            NavigableMap<BigDecimal, BigDecimal> side, NavigableMap<BigDecimal, BigDecimal> changed, boolean isBid) {
        side.keySet().removeIf(level -> {
            boolean crossed = isBid ? level.compareTo(price) >= 0 : level.compareTo(price) <= 0;
            if (crossed) {
                changed.put(level, BigDecimal.ZERO);
            }
            return crossed;
        });
        for (int level = 1; level <= BOOK_DEPTH; level++) {
            BigDecimal at = isBid
                    ? price.subtract(tick.multiply(BigDecimal.valueOf(level)))
                    : price.add(tick.multiply(BigDecimal.valueOf(level)));
            if (!side.containsKey(at)) {
                BigDecimal quantity = quantity();
                side.put(at, quantity);
                changed.put(at, quantity);
            }
        }
        while (side.size() > BOOK_DEPTH) {
            changed.put(side.lastKey(), BigDecimal.ZERO);
            side.remove(side.lastKey());
        }
    }

    private void change(NavigableMap<BigDecimal, BigDecimal> side, NavigableMap<BigDecimal, BigDecimal> changed) {
        BigDecimal level = side.keySet().stream()
                .skip(random.nextInt(side.size()))
                .findFirst()
                .orElseThrow();
        BigDecimal quantity = quantity();
        side.put(level, quantity);
        changed.put(level, quantity);
    }

    private JsonArrayBuilder levels(NavigableMap<BigDecimal, BigDecimal> side) {
        JsonArrayBuilder levels = JSON.createArrayBuilder();
        side.forEach((level, quantity) -> levels.add(JSON.createArrayBuilder()
                .add(text(level))
                .add(quantity.signum() == 0 ? "0" : quantity.toPlainString())));
        return levels;
    }

    private Kline kline(long now) {
        long openTime = now - now % MINUTE;
        if (kline == null || kline.openTime != openTime) {
            kline = new Kline(openTime, price);
        }
        return kline;
    }

    private BigDecimal quantity() {
        return BigDecimal.valueOf(1 + random.nextInt(50_000), 4);
    }

    private String changePercent() {
        return price.subtract(open)
                .multiply(BigDecimal.valueOf(100))
                .divide(open, 2, RoundingMode.HALF_UP)
                .toPlainString();
    }

    private String text(BigDecimal value) {
        return value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    private final class Kline {
        final long openTime;
        final BigDecimal first;
        BigDecimal highest;
        BigDecimal lowest;
        BigDecimal last;
        BigDecimal traded = BigDecimal.ZERO;
        int count;

        Kline(long openTime, BigDecimal first) {
            this.openTime = openTime;
            this.first = first;
            this.highest = first;
            this.lowest = first;
            this.last = first;
        }

        void add(BigDecimal at, BigDecimal quantity) {
            highest = highest.max(at);
            lowest = lowest.min(at);
            last = at;
            traded = traded.add(quantity);
            count++;
        }

        JsonObject toJson(String symbol) {
            return JSON.createObjectBuilder()
                    .add("symbol", symbol)
                    .add("interval", "1m")
                    .add("openTime", openTime)
                    .add("closeTime", openTime + MINUTE - 1)
                    .add("open", text(first))
                    .add("high", text(highest))
                    .add("low", text(lowest))
                    .add("close", text(last))
                    .add("volume", traded.toPlainString())
                    .add("trades", count)
                    .add("closed", false)
                    .build();
        }
    }
}
