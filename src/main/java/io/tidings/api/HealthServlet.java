package io.tidings.api;

import io.tidings.cluster.Bus;
import io.tidings.gateway.GracefulStop;
import io.tidings.gateway.Warmup;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (it accepts connections, its bus
 * reaches its store, and the start-up {@link Warmup}, when on, is over: the first probe starts it). No auth.
 *
 * <p>It is also the earliest portable notice of undeploy: servlets are destroyed before any context listener hears
 * of it, and Undertow closes every WebSocket (with 1001) from a context listener. Loaded on startup so that its
 * {@link #destroy} runs, it lets Tidings close connections first, with 1012.
 */
@WebServlet(urlPatterns = "/health/*", loadOnStartup = 1)
public class HealthServlet extends HttpServlet {

    @Inject
    GracefulStop lifecycle;

    @Inject
    Bus bus;

    @Inject
    Warmup warmup;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        boolean up;
        if ("/live".equals(path)) {
            up = true;
        } else if ("/ready".equals(path)) {
            up = lifecycle.ready() && bus.reachable() && warmup.over(request.getLocalPort(), request.getContextPath());
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.getWriter().write(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    @Override
    public void destroy() {
        lifecycle.stop();
    }
}
