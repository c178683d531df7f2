package io.tidings.gateway;

import io.tidings.auth.UserToken;
import jakarta.websocket.Session;

/**
 * What the handshake learned, handed to the endpoint in the connection's user properties.
 *
 * @param user the verified user, or null when no token was presented (or it was rejected)
 * @param rejection why a presented token was refused (safe to show), or null
 * @param address the client's address as the servlet container saw it
 */
public record Handshake(UserToken user, String rejection, String address) {

    static final String KEY = "tidings.handshake";

    /**
     * What the {@link HandshakeConfigurator} left for this session, taken out of its properties (which start as this
     * connection's own copy, WebSocket 2.1; the endpoint config's map may be shared by concurrent handshakes).
     */
    static Handshake take(Session session) {
        Handshake handshake = (Handshake) session.getUserProperties().remove(KEY);
        return handshake == null ? new Handshake(null, null, "unknown") : handshake;
    }
}
