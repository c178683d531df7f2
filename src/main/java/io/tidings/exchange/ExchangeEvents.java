package io.tidings.exchange;

import io.tidings.delivery.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;

/** Maps each {@link ExchangeEvent} to its publication (see docs/events.md) and fires it for the publisher. */
@ApplicationScoped
public class ExchangeEvents {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    @Inject
    Event<Publication> publications;

    void on(@Observes ExchangeEvent event) {
        publications.fire(publication(event));
    }

    /** The publication an event makes (pure). */
    public static Publication publication(ExchangeEvent event) {
        JsonObjectBuilder data = JSON.createObjectBuilder();
        String stream;
        String name;
        if (event instanceof ExchangeEvent.OrderCreated o) {
            stream = "orders";
            name = "order.created";
            data.add("orderId", o.orderId())
                    .add("symbol", o.symbol())
                    .add("side", o.side())
                    .add("type", o.type())
                    .add("quantity", text(o.quantity()))
                    .add("status", "new");
            if (o.price() == null) {
                data.addNull("price");
            } else {
                data.add("price", text(o.price()));
            }
        } else if (event instanceof ExchangeEvent.OrderFilled o) {
            stream = "orders";
            name = "order.filled";
            data.add("orderId", o.orderId())
                    .add("symbol", o.symbol())
                    .add("side", o.side())
                    .add("price", text(o.price()))
                    .add("filledQuantity", text(o.filledQuantity()))
                    .add("remainingQuantity", text(o.remainingQuantity()))
                    .add("status", o.remainingQuantity().signum() == 0 ? "filled" : "partially_filled");
        } else if (event instanceof ExchangeEvent.OrderCancelled o) {
            stream = "orders";
            name = "order.cancelled";
            data.add("orderId", o.orderId())
                    .add("symbol", o.symbol())
                    .add("reason", o.reason())
                    .add("status", "cancelled");
        } else if (event instanceof ExchangeEvent.OrderExpired o) {
            stream = "orders";
            name = "order.expired";
            data.add("orderId", o.orderId()).add("symbol", o.symbol()).add("status", "expired");
        } else if (event instanceof ExchangeEvent.TradeExecuted t) {
            stream = "trades";
            name = "trade.executed";
            data.add("tradeId", t.tradeId())
                    .add("orderId", t.orderId())
                    .add("symbol", t.symbol())
                    .add("side", t.side())
                    .add("price", text(t.price()))
                    .add("quantity", text(t.quantity()))
                    .add("fee", text(t.fee()))
                    .add("feeAsset", t.feeAsset());
        } else if (event instanceof ExchangeEvent.BalanceUpdated b) {
            stream = "balances";
            name = "balance.updated";
            data.add("asset", b.asset())
                    .add("available", text(b.available()))
                    .add("locked", text(b.locked()))
                    .add("total", text(b.available().add(b.locked())));
        } else if (event instanceof ExchangeEvent.BalanceLocked b) {
            stream = "balances";
            name = "balance.locked";
            data.add("asset", b.asset()).add("amount", text(b.amount())).add("reference", b.reference());
        } else if (event instanceof ExchangeEvent.BalanceUnlocked b) {
            stream = "balances";
            name = "balance.unlocked";
            data.add("asset", b.asset()).add("amount", text(b.amount())).add("reference", b.reference());
        } else if (event instanceof ExchangeEvent.DepositDetected d) {
            stream = "deposits";
            name = "deposit.detected";
            data.add("depositId", d.depositId())
                    .add("asset", d.asset())
                    .add("amount", text(d.amount()))
                    .add("txHash", d.txHash())
                    .add("status", "detected");
        } else if (event instanceof ExchangeEvent.DepositConfirmed d) {
            stream = "deposits";
            name = "deposit.confirmed";
            data.add("depositId", d.depositId())
                    .add("asset", d.asset())
                    .add("amount", text(d.amount()))
                    .add("txHash", d.txHash())
                    .add("confirmations", d.confirmations())
                    .add("status", "confirmed");
        } else {
            ExchangeEvent.DepositCredited d = (ExchangeEvent.DepositCredited) event;
            stream = "deposits";
            name = "deposit.credited";
            data.add("depositId", d.depositId())
                    .add("asset", d.asset())
                    .add("amount", text(d.amount()))
                    .add("status", "credited");
        }
        return new Publication("user:" + event.userId() + ":" + stream, name, data.build(), event.ts());
    }

    private static String text(BigDecimal amount) {
        return amount.toPlainString();
    }
}
