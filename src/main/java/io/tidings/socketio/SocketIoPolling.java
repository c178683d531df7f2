package io.tidings.socketio;

import io.tidings.auth.TokenSources;
import io.tidings.gateway.HandshakeFilter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Engine.IO's HTTP long-polling at the engine path (the WebSocket upgrade of the same path goes to {@link
 * SocketIoEndpoint}): {@code GET} without {@code sid} opens a connection, {@code GET} with one polls for packets,
 * {@code POST} sends packets ({@code \x1e} between them), answered {@code ok}. An unknown {@code sid}, a second GET or
 * POST at once, or a bad request is HTTP 400; a body beyond {@code maxPayload} 413, and the connection is closed.
 * A page of another origin that {@code tidings.origins} allows (the handshake filter refuses the others) may poll:
 * its answers carry CORS headers, with credentials, and its preflight {@code OPTIONS} is answered.
 */
public class SocketIoPolling extends HttpServlet {

    /** What a preflight may ask to send: header names, a handful of them. */
    private static final Pattern HEADER_NAMES = Pattern.compile("[A-Za-z0-9-]+(\\s*,\\s*[A-Za-z0-9-]+)*");

    private static final int MAX_REQUEST_HEADERS = 200;

    private final transient SocketIoEngine engine;
    private final EnginePath path;

    SocketIoPolling(SocketIoEngine engine, EnginePath path) {
        this.engine = engine;
        this.path = path;
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        allowOrigin(request, response);
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        String headers = request.getHeader("Access-Control-Request-Headers");
        if (headers != null
                && headers.length() <= MAX_REQUEST_HEADERS
                && HEADER_NAMES.matcher(headers).matches()) {
            response.setHeader("Access-Control-Allow-Headers", headers);
        }
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** CORS: the page's origin (allowed, or the filter would have refused it) may read the answer, with cookies. */
    private static void allowOrigin(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.addHeader("Vary", "Origin");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        allowOrigin(request, response);
        if (!valid(request, response)) {
            return;
        }
        String sid = request.getParameter("sid");
        EngineSession session;
        if (sid == null) {
            session = engine.newSession(handshake(request), engine.newPolling());
            if (session == null) {
                error(response, 503, "server full, try again later");
                return;
            }
            session.start(true);
        } else {
            session = engine.polling(sid, address(request));
            if (session == null) {
                error(response, 400, "Session ID unknown");
                return;
            }
        }
        if (!(session.transport() instanceof PollingTransport polling)) {
            error(response, 400, "Transport upgraded"); // the upgrade came in between
            return;
        }
        AsyncContext poll = request.startAsync();
        polling.poll(poll);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        allowOrigin(request, response);
        if (!valid(request, response)) {
            return;
        }
        String sid = request.getParameter("sid");
        EngineSession session = sid == null ? null : engine.polling(sid, address(request));
        if (session == null) {
            error(response, 400, "Session ID unknown");
            return;
        }
        if (!(session.transport() instanceof PollingTransport polling)) {
            error(response, 400, "Transport upgraded"); // the upgrade came in between
            return;
        }
        if (!polling.posting()) {
            error(response, 400, "one POST at a time");
            session.close(CloseReason.CloseCodes.PROTOCOL_ERROR, "overlapping POST requests");
            return;
        }
        try {
            String body = read(request.getInputStream(), engine.maxPayload());
            if (body == null) {
                error(response, 413, "payload too large");
                session.close(CloseReason.CloseCodes.TOO_BIG, "frame too large");
                return;
            }
            for (String packet : body.split(String.valueOf(PollingTransport.SEPARATOR), -1)) {
                if (!packet.isEmpty() && packet.charAt(0) == 'b') {
                    session.receiveBinary();
                } else {
                    session.receive(packet);
                }
            }
        } finally {
            polling.posted();
        }
        response.setContentType("text/html");
        response.getWriter().write("ok");
    }

    private static boolean valid(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"4".equals(request.getParameter("EIO")) || !"polling".equals(request.getParameter("transport"))) {
            error(response, 400, "Engine.IO protocol 4 (EIO=4) with transport=polling or websocket");
            return false;
        }
        return true;
    }

    private SocketIoHandshake handshake(HttpServletRequest request) {
        Map<String, List<String>> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, List.of(values)));
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return new SocketIoHandshake(
                TokenSources.find(query, headers).orElse(null), address(request), "4", "polling", null, path);
    }

    private static String address(HttpServletRequest request) {
        String address = request.getHeader(HandshakeFilter.ADDRESS_HEADER);
        return address == null ? "unknown" : address;
    }

    /** The body, or null when it is longer than {@code limit} bytes. */
    private static String read(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : new String(body, StandardCharsets.UTF_8);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter()
                .write(SocketIoDialect.JSON
                        .createObjectBuilder()
                        .add("code", status)
                        .add("message", message)
                        .build()
                        .toString());
    }
}
