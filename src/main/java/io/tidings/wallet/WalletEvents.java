package io.tidings.wallet;

import io.tidings.delivery.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;

/** Maps each {@link WalletEvent} to its publication (see docs/events.md) and fires it for the publisher. */
@ApplicationScoped
public class WalletEvents {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    @Inject
    Event<Publication> publications;

    void on(@Observes WalletEvent event) {
        publications.fire(publication(event));
    }

    /** The publication an event makes (pure). */
    public static Publication publication(WalletEvent event) {
        if (event instanceof WalletEvent.WalletBalanceChanged b) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("address", b.address())
                    .add("chain", b.chain())
                    .add("token", b.token())
                    .add("balance", text(b.balance()))
                    .add("change", text(b.change()))
                    .add("txHash", b.txHash())
                    .build();
            return new Publication("balance:" + b.address(), "balance.updated", data, b.ts());
        }
        if (event instanceof WalletEvent.NftTransferred n) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("address", n.address())
                    .add("collection", n.collection())
                    .add("tokenId", n.tokenId())
                    .add("from", n.from())
                    .add("to", n.to())
                    .add("direction", n.direction())
                    .add("txHash", n.txHash())
                    .build();
            return new Publication("nft:" + n.address(), "nft.transfer", data, n.ts());
        }
        if (event instanceof WalletEvent.TokenPriceUpdated p) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("symbol", p.symbol())
                    .add("price", text(p.price()))
                    .add("change24h", text(p.change24h()))
                    .build();
            return new Publication("token:price", "price.update", data, p.ts());
        }
        WalletEvent.StakingPositionUpdated s = (WalletEvent.StakingPositionUpdated) event;
        JsonObject data = JSON.createObjectBuilder()
                .add("positionId", s.positionId())
                .add("staked", text(s.staked()))
                .add("rewards", text(s.rewards()))
                .add("apr", text(s.apr()))
                .add("status", s.status())
                .build();
        return new Publication("staking:" + s.positionId(), "staking.update", data, s.ts());
    }

    private static String text(BigDecimal amount) {
        return amount.toPlainString();
    }
}
