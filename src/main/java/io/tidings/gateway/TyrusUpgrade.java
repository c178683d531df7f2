package io.tidings.gateway;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * Payara only (its WebSocket implementation, Tyrus, upgrades through the servlet API): Tyrus's upgrade handler, made
 * to work on a {@link LingeringConnection}, and letting go of the handshake once the connection is made (Tyrus's copy
 * here, Grizzly's in {@link GrizzlyUpgrade}). Loaded only
 * when Tyrus asks for its handler, so WildFly never links it.
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
        handler.grizzlyRequest = GrizzlyUpgrade.grizzlyRequest(request);
        return handler;
    }

    /** Made by the container (hence public, with the default constructor); configured right after. */
    public static class Handler extends TyrusHttpUpgradeHandler {
        private ScheduledExecutorService scheduler;
        private long lingerMillis;
        private int frameLimit;
        private boolean authenticated;
        /** Payara's Grizzly request of the handshake, until the connection is made ({@link GrizzlyUpgrade}). */
        private Object grizzlyRequest;

        @Override
        public void preInit(WebSocketEngine.UpgradeInfo upgradeInfo, Writer writer, boolean authenticated) {
            this.authenticated = authenticated;
            super.preInit(upgradeInfo, writer, authenticated);
        }

        /**
         * Tyrus's handler keeps what {@link #preInit} gave it for as long as the connection lives, but reads the
         * upgrade (the handshake's request and response, about 2 KB) and the writer only in {@code init}: once that
         * has made the connection, they are let go (the flag is read again when the HTTP session ends). So is what
         * of Grizzly's HTTP request only an HTTP exchange uses ({@link GrizzlyUpgrade}): the 101 has been written by
         * then, and the request is not recycled before the container's service of it (which runs this) has returned.
         */
        @Override
        public void init(WebConnection connection) {
            LingeringConnection lingering;
            try {
                lingering = new LingeringConnection(connection, scheduler, lingerMillis, frameLimit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lingering.opening(() -> super.init(lingering));
            super.preInit(null, null, authenticated);
            Object request = grizzlyRequest;
            grizzlyRequest = null;
            if (request != null) {
                GrizzlyUpgrade.release(request);
            }
        }
    }
}
