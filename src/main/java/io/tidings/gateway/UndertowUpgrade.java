package io.tidings.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.server.protocol.http.HttpServerConnection;
import jakarta.servlet.ServletRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.StreamConnection;

/**
 * WildFly only (Undertow): lets an upgraded connection forget its HTTP past. Undertow's HTTP connection keeps the
 * upgrade listener it ran for as long as the socket lives, and that listener holds the whole exchange of the
 * handshake: its headers, the servlet request and response, their maps (about 2 KB of every idle connection). Its
 * request parser also keeps a cache of the header values it has read, for the next request on the connection, which
 * an upgraded one never sends (about 1.4 KB). Here the listener is replaced by one that runs it once, then lets go of
 * it and empties that cache. Loaded only once {@link HandshakeFilter} has found Undertow, so Payara never links it; on
 * an Undertow whose fields differ it leaves what it cannot find.
 */
final class UndertowUpgrade {

    private static final Logger LOG = Logger.getLogger(UndertowUpgrade.class.getName());
    /** Undertow's servlet request, as the first filter sees it. */
    static final String REQUEST_CLASS = "io.undertow.servlet.spec.HttpServletRequestImpl";

    private static final VarHandle LISTENER = listenerField();
    /** HttpServerConnection.readListener, HttpReadListener.state, ParseState.headerValuesCache. */
    private static final List<Field> HEADER_CACHE = headerCacheFields();

    private UndertowUpgrade() {}

    /**
     * Once the handshake of Undertow's {@code request} ({@link #REQUEST_CLASS}) has asked for the upgrade: after it,
     * the connection lets go of the exchange and empties its parser's header cache.
     */
    static void releaseAfterUpgrade(ServletRequest request) {
        if (LISTENER == null) {
            return;
        }
        try {
            Object exchange = request.getClass().getMethod("getExchange").invoke(request);
            if (exchange instanceof HttpServerExchange upgraded
                    && upgraded.isUpgrade()
                    && upgraded.getConnection() instanceof HttpServerConnection connection) {
                HttpUpgradeListener listener = (HttpUpgradeListener) LISTENER.get(connection);
                if (listener != null && !(listener instanceof Once)) {
                    LISTENER.set(connection, once(listener));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "the handshake's exchange stays with its connection", e);
        }
    }

    /** Whether this Undertow's connections have the fields this class changes. */
    static boolean available() {
        return LISTENER != null && !HEADER_CACHE.isEmpty();
    }

    /** Runs {@code listener} at the first upgrade, and from then on holds nothing. */
    static HttpUpgradeListener once(HttpUpgradeListener listener) {
        return new Once(listener);
    }

    /** Empties the request parser's cache of header values of an upgraded connection. */
    static void forgetHeaderCache(Object connection) {
        Object at = connection;
        try {
            for (Field field : HEADER_CACHE) {
                at = at == null ? null : field.get(at);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "the parser's header cache stays with its connection", e);
            return;
        }
        if (at instanceof Map<?, ?> cache) {
            cache.clear();
        }
    }

    private static List<Field> headerCacheFields() {
        try {
            Field listener = HttpServerConnection.class.getDeclaredField("readListener");
            Field state = listener.getType().getDeclaredField("state");
            Field cache = state.getType().getDeclaredField("headerValuesCache");
            List<Field> path = List.of(listener, state, cache);
            path.forEach(field -> field.setAccessible(true));
            return path;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.INFO, "Undertow's connections keep their parser's header cache (fields not found)", e);
            return List.of();
        }
    }

    private static VarHandle listenerField() {
        try {
            return MethodHandles.privateLookupIn(HttpServerConnection.class, MethodHandles.lookup())
                    .findVarHandle(HttpServerConnection.class, "upgradeListener", HttpUpgradeListener.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.INFO, "Undertow's connections keep their handshake's exchange (no upgradeListener field)", e);
            return null;
        }
    }

    /** Runs the upgrade it was given once, then holds nothing. */
    private static final class Once implements HttpUpgradeListener {
        private volatile HttpUpgradeListener listener;

        Once(HttpUpgradeListener listener) {
            this.listener = listener;
        }

        @Override
        public void handleUpgrade(StreamConnection streamConnection, HttpServerExchange exchange) {
            HttpUpgradeListener upgrade = listener;
            listener = null;
            if (upgrade != null) {
                upgrade.handleUpgrade(streamConnection, exchange);
                if (exchange != null) {
                    forgetHeaderCache(exchange.getConnection());
                }
            }
        }
    }
}
