package io.tidings.alerts;

import java.math.BigDecimal;

/** Something a market analyzer noticed. Fire one as a CDI event; amounts are decimals. */
public sealed interface AnalyzerEvent {

    long ts();

    /** {@code price:{coinId}}, {@code price_update}. */
    record PriceUpdated(String coinId, BigDecimal price, BigDecimal change24h, BigDecimal volume24h, long ts)
            implements AnalyzerEvent {}

    /** {@code user:{id}:alerts}, {@code alert_triggered}: one of the user's alerts fired. */
    record AlertTriggered(String userId, String alertId, String coinId, String condition, BigDecimal price, long ts)
            implements AnalyzerEvent {}

    /** {@code whales:{coinId}}, {@code whale_movement}: a large transfer. */
    record WhaleMoved(
            String coinId, String txHash, BigDecimal amount, BigDecimal usdValue, String from, String to, long ts)
            implements AnalyzerEvent {}

    /** {@code social:{coinId}}, {@code social_spike}: mentions jumped. */
    record SocialSpiked(String coinId, String source, long mentions, BigDecimal changePercent, long ts)
            implements AnalyzerEvent {}

    /** {@code user:{id}:portfolio}, {@code portfolio_update}. */
    record PortfolioUpdated(String userId, BigDecimal totalValue, BigDecimal change24h, long ts)
            implements AnalyzerEvent {}
}
