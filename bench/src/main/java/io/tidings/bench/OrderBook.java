package io.tidings.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An order book's updates as an exchange publishes them ({@code book=N}: N levels a side, some 60 bytes each): the
 * mid price walks a tick at a time and every level's quantity changes, so each update repeats the last one's shape
 * and prices but not its quantities, as a real book's does. One publisher thread calls it.
 */
final class OrderBook {

    private final int levels;
    private final SplittableRandom random = new SplittableRandom(42);
    private long midTicks = 4_500_000; // 45,000.00 in ticks of 0.01
    private long updateId = 1;

    OrderBook(int levels) {
        this.levels = levels;
    }

    /** The next update's fields (without the braces). */
    String next() {
        midTicks += random.nextInt(-2, 3);
        StringBuilder json = new StringBuilder(levels * 2 * 40 + 64);
        json.append("\"symbol\":\"BTC-USD\",\"type\":\"snapshot\",\"lastUpdateId\":")
                .append(updateId++);
        side(json, "bids", -1);
        side(json, "asks", 1);
        return json.toString();
    }

    private void side(StringBuilder json, String name, int direction) {
        json.append(",\"").append(name).append("\":[");
        for (int level = 0; level < levels; level++) {
            long ticks = midTicks + direction * (level + 1) * 50L;
            json.append(level == 0 ? "[\"" : ",[\"")
                    .append(ticks / 100)
                    .append('.')
                    .append(String.format(Locale.ROOT, "%02d", ticks % 100))
                    .append("\",\"")
                    .append(String.format(Locale.ROOT, "%.4f", random.nextDouble(0.0001, 25.0)))
                    .append("\"]");
        }
        json.append(']');
    }
}
