package io.tidings.api;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The admin monitor's page at {@code /admin/}. It is served by this servlet, not as a directory of the WAR: a
 * directory named {@code admin} would make both servers answer the {@code /admin} WebSocket handshake with a
 * redirect to {@code /admin/} (Payara) or the page itself (WildFly) instead of upgrading it.
 */
@WebServlet(urlPatterns = "/admin/*")
public class MonitorPageServlet extends HttpServlet {

    private static final String PAGE = "/pages/admin.html";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getContextPath() + "/admin/");
            return;
        }
        if (!path.equals("/") && !path.equals("/index.html")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream page = MonitorPageServlet.class.getResourceAsStream(PAGE)) {
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            page.transferTo(response.getOutputStream());
        }
    }
}
