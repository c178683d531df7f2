package io.tidings.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs before every WebSocket handshake (registered on every namespace's path by {@link WebSetup}): refuses foreign
 * browser origins (HTTP 403) and addresses that open connections too fast (HTTP 429); passes the client's address to
 * the configurator, which the WebSocket API does not expose, in a header of our own that replaces whatever the
 * client sent under that name. On Payara it also hands Tyrus a connection that keeps RFC 6455's close handshake and
 * refuses oversized frames early ({@link LingeringConnection}); on WildFly the upgraded connection lets go of the
 * handshake's request ({@link UndertowUpgrade}).
 */
public class HandshakeFilter extends HttpFilter {

    public static final String ADDRESS_HEADER = "X-Tidings-Client-Address";

    private final OriginPolicy origins;
    private final ConnectionRate connectionRate;
    private final ProxyRule proxies;
    private final ScheduledExecutorService scheduler;
    private final long lingerMillis;
    private final int frameLimit;
    /** The Socket.IO engine's paths, whose requests of an existing engine connection are not new connections. */
    private final java.util.List<String> enginePaths;

    HandshakeFilter(
            OriginPolicy origins,
            ConnectionRate connectionRate,
            ProxyRule proxies,
            ScheduledExecutorService scheduler,
            long lingerMillis,
            int frameLimit,
            java.util.List<String> enginePaths) {
        this.enginePaths =
                enginePaths.stream().map(path -> path.replace("*", "")).toList();
        this.proxies = proxies;
        this.origins = origins;
        this.connectionRate = connectionRate;
        this.scheduler = scheduler;
        this.lingerMillis = lingerMillis;
        this.frameLimit = frameLimit;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String address = proxies.clientAddress(request);
        if (!origins.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "origin not allowed");
            return;
        }
        if (!ofExistingEngineConnection(request) && !connectionRate.admit(address)) {
            response.setHeader("Retry-After", "60");
            refuse(response, 429, "rate_limited", "too many new connections from this address");
            return;
        }
        chain.doFilter(new WithAddress(request, address), response);
        if (request.getClass().getName().equals(UndertowUpgrade.REQUEST_CLASS)) {
            UndertowUpgrade.releaseAfterUpgrade(request);
        }
    }

    /**
     * A request of an Engine.IO connection that exists already (a poll, a post, the upgrade to WebSocket), which
     * opens no new connection; one with a made-up {@code sid} is refused at once.
     */
    private boolean ofExistingEngineConnection(HttpServletRequest request) {
        String query = request.getQueryString();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return query != null
                && enginePaths.stream().anyMatch(path::startsWith) // a native handshake is always a new connection
                && (query.startsWith("sid=") || query.contains("&sid="));
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    private final class WithAddress extends HttpServletRequestWrapper {
        private final String address;

        WithAddress(HttpServletRequest request, String address) {
            super(request);
            this.address = address;
        }

        /** Tyrus's handler, when it asks for it, on a connection that lingers after its close frame. */
        @Override
        public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
            if (!handlerClass.getName().equals(TyrusUpgrade.HANDLER)) {
                return super.upgrade(handlerClass);
            }
            return handlerClass.cast(
                    TyrusUpgrade.upgrade((HttpServletRequest) getRequest(), scheduler, lingerMillis, frameLimit));
        }

        @Override
        public String getHeader(String name) {
            return ADDRESS_HEADER.equalsIgnoreCase(name) ? address : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return ADDRESS_HEADER.equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of(address))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            java.util.List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(ADDRESS_HEADER::equalsIgnoreCase);
            names.add(ADDRESS_HEADER);
            return Collections.enumeration(names);
        }
    }
}
