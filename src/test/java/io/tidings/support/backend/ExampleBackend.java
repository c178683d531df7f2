package io.tidings.support.backend;

import io.tidings.alerts.AnalyzerEvent;
import io.tidings.exchange.ExchangeEvent;
import io.tidings.market.MarketEvent;
import io.tidings.notifications.NotificationCreated;
import io.tidings.support.Tokens;
import io.tidings.wallet.WalletEvent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * A backend's code inside the WAR, as a product team would write it: it fires typed domain events as CDI events.
 * Added to the test deployment only ({@code Deployments}); {@code POST /test-backend/{flow}} runs one flow of a
 * replaced system with the users, symbols and addresses given as query parameters.
 */
@WebServlet("/test-backend/*")
public class ExampleBackend extends HttpServlet {

    @Inject
    Event<ExchangeEvent> exchange;

    @Inject
    Event<MarketEvent> market;

    @Inject
    Event<WalletEvent> wallet;

    @Inject
    Event<AnalyzerEvent> analyzer;

    @Inject
    Event<NotificationCreated> notifications;

    /**
     * {@code GET /test-backend/token?user=U&seconds=N&role=R}: a token as the product's login service would issue
     * it (HS256 with the test servers' secret), for pages that fetch theirs.
     */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/token".equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        long seconds =
                Long.parseLong(request.getParameter("seconds") == null ? "3600" : request.getParameter("seconds"));
        String role = request.getParameter("role");
        String[] roles = role == null ? new String[0] : new String[] {role};
        String token = Tokens.hs256(Tokens.claims(request.getParameter("user"), roles)
                .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(seconds)))
                .build());
        response.setContentType("text/plain");
        response.getWriter().write(token);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long now = System.currentTimeMillis();
        String user = request.getParameter("user");
        switch (request.getPathInfo()) {
            case "/exchange" -> {
                String symbol = request.getParameter("symbol");
                exchange.fire(new ExchangeEvent.OrderCreated(
                        user, "o-1", symbol, "buy", "limit", new BigDecimal("45000.00"), new BigDecimal("0.5"), now));
                exchange.fire(new ExchangeEvent.OrderFilled(
                        user,
                        "o-1",
                        symbol,
                        "buy",
                        new BigDecimal("45000.00"),
                        new BigDecimal("0.5"),
                        BigDecimal.ZERO,
                        now));
                exchange.fire(new ExchangeEvent.TradeExecuted(
                        user,
                        "t-1",
                        "o-1",
                        symbol,
                        "buy",
                        new BigDecimal("45000.00"),
                        new BigDecimal("0.5"),
                        new BigDecimal("0.0005"),
                        "BTC",
                        now));
                exchange.fire(new ExchangeEvent.BalanceUpdated(
                        user, "USDT", new BigDecimal("1000.10"), new BigDecimal("22500.00"), now));
                exchange.fire(new ExchangeEvent.DepositConfirmed(
                        user, "d-1", "BTC", new BigDecimal("0.25"), "0xfeed", 12, now));
                market.fire(new MarketEvent.TradeExecuted(
                        symbol, "pt-1", new BigDecimal("45000.00"), new BigDecimal("0.5"), "buy", now));
                market.fire(new MarketEvent.OrderBookSnapshotTaken(
                        symbol,
                        7,
                        List.of(new MarketEvent.Level(new BigDecimal("44999.50"), new BigDecimal("1.2"))),
                        List.of(new MarketEvent.Level(new BigDecimal("45000.50"), new BigDecimal("0.8"))),
                        now));
            }
            case "/wallet" -> {
                String address = request.getParameter("address");
                wallet.fire(new WalletEvent.WalletBalanceChanged(
                        address, "ethereum", "ETH", new BigDecimal("1.5"), new BigDecimal("0.5"), "0xabc", now));
                wallet.fire(
                        new WalletEvent.NftTransferred(address, "punks", "42", "0xother", address, "in", "0xdef", now));
                wallet.fire(new WalletEvent.TokenPriceUpdated(
                        "ETH", new BigDecimal("3000.25"), new BigDecimal("-1.5"), now));
                wallet.fire(new WalletEvent.StakingPositionUpdated(
                        request.getParameter("position"),
                        new BigDecimal("32"),
                        new BigDecimal("0.015"),
                        new BigDecimal("3.9"),
                        "active",
                        now));
                notifications.fire(
                        new NotificationCreated(user, "n-1", "deposit", "Deposit received", "0.5 ETH arrived", now));
            }
            case "/analyzer" -> {
                String coin = request.getParameter("coin");
                analyzer.fire(new AnalyzerEvent.PriceUpdated(
                        coin, new BigDecimal("0.1234"), new BigDecimal("5.2"), new BigDecimal("1000000"), now));
                analyzer.fire(new AnalyzerEvent.AlertTriggered(
                        user, "a-1", coin, "price > 0.12", new BigDecimal("0.1234"), now));
                analyzer.fire(new AnalyzerEvent.WhaleMoved(
                        coin, "0xwhale", new BigDecimal("5000000"), new BigDecimal("617000"), "0xa", "0xb", now));
                analyzer.fire(new AnalyzerEvent.SocialSpiked(coin, "twitter", 1200, new BigDecimal("350"), now));
                analyzer.fire(new AnalyzerEvent.PortfolioUpdated(
                        user, new BigDecimal("10234.56"), new BigDecimal("2.1"), now));
            }
            case "/game" -> {
                for (String symbol : request.getParameterValues("symbol")) {
                    market.fire(new MarketEvent.TokenDataUpdated(
                            symbol,
                            new BigDecimal("1.25"),
                            new BigDecimal("3.5"),
                            new BigDecimal("1250000"),
                            new BigDecimal("50000"),
                            now));
                }
                market.fire(new MarketEvent.ServerStatusChanged("ok", "all systems go", now));
                analyzer.fire(new AnalyzerEvent.PortfolioUpdated(user, new BigDecimal("99.5"), BigDecimal.ONE, now));
            }
            default -> {
                response.sendError(404);
                return;
            }
        }
        response.setStatus(204);
    }
}
