package io.tidings.gateway;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;

/**
 * Payara only (its WebSocket implementation, Tyrus, upgrades through the servlet API): Tyrus's upgrade handler, made
 * to work on a {@link LingeringConnection}. Loaded only when Tyrus asks for its handler, so WildFly never links it.
 */
final class TyrusUpgrade {

    static final String HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";

    private TyrusUpgrade() {}

    static HttpUpgradeHandler upgrade(
            HttpServletRequest request, ScheduledExecutorService scheduler, long lingerMillis, int frameLimit)
            throws IOException, ServletException {
        Handler handler = request.upgrade(Handler.class);
        handler.scheduler = scheduler;
        handler.lingerMillis = lingerMillis;
        handler.frameLimit = frameLimit;
        return handler;
    }

    /** Made by the container (hence public, with the default constructor); configured right after. */
    public static class Handler extends TyrusHttpUpgradeHandler {
        private ScheduledExecutorService scheduler;
        private long lingerMillis;
        private int frameLimit;

        @Override
        public void init(WebConnection connection) {
            LingeringConnection lingering;
            try {
                lingering = new LingeringConnection(connection, scheduler, lingerMillis, frameLimit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lingering.opening(() -> super.init(lingering));
        }
    }
}
