package io.tidings.alerts;

import io.tidings.delivery.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;

/** Maps each {@link AnalyzerEvent} to its publication (see docs/events.md) and fires it for the publisher. */
@ApplicationScoped
public class AnalyzerEvents {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    @Inject
    Event<Publication> publications;

    void on(@Observes AnalyzerEvent event) {
        publications.fire(publication(event));
    }

    /** The publication an event makes (pure). */
    public static Publication publication(AnalyzerEvent event) {
        if (event instanceof AnalyzerEvent.PriceUpdated p) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("coinId", p.coinId())
                    .add("price", text(p.price()))
                    .add("change24h", text(p.change24h()))
                    .add("volume24h", text(p.volume24h()))
                    .build();
            return new Publication("price:" + p.coinId(), "price_update", data, p.ts());
        }
        if (event instanceof AnalyzerEvent.AlertTriggered a) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("alertId", a.alertId())
                    .add("coinId", a.coinId())
                    .add("condition", a.condition())
                    .add("price", text(a.price()))
                    .build();
            return new Publication("user:" + a.userId() + ":alerts", "alert_triggered", data, a.ts());
        }
        if (event instanceof AnalyzerEvent.WhaleMoved w) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("coinId", w.coinId())
                    .add("txHash", w.txHash())
                    .add("amount", text(w.amount()))
                    .add("usdValue", text(w.usdValue()))
                    .add("from", w.from())
                    .add("to", w.to())
                    .build();
            return new Publication("whales:" + w.coinId(), "whale_movement", data, w.ts());
        }
        if (event instanceof AnalyzerEvent.SocialSpiked s) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("coinId", s.coinId())
                    .add("source", s.source())
                    .add("mentions", s.mentions())
                    .add("changePercent", text(s.changePercent()))
                    .build();
            return new Publication("social:" + s.coinId(), "social_spike", data, s.ts());
        }
        AnalyzerEvent.PortfolioUpdated p = (AnalyzerEvent.PortfolioUpdated) event;
        JsonObject data = JSON.createObjectBuilder()
                .add("totalValue", text(p.totalValue()))
                .add("change24h", text(p.change24h()))
                .build();
        return new Publication("user:" + p.userId() + ":portfolio", "portfolio_update", data, p.ts());
    }

    private static String text(BigDecimal amount) {
        return amount.toPlainString();
    }
}
