package io.tidings.socketio;

import io.tidings.auth.TokenException;
import io.tidings.auth.UserToken;
import io.tidings.gateway.Handshake;
import io.tidings.gateway.Namespace;
import io.tidings.gateway.NamespaceEndpoint;
import io.tidings.gateway.Peer;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.session.Connection;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Engine.IO connection over WebSocket, one instance per connection. It answers the engine's own packets (open,
 * pong, close) and connects the client's namespace: the token of its CONNECT ({@code auth.token}), else of the
 * upgrade request, admitted as any Tidings connection and registered with the namespace's {@link SocketIoDialect}.
 * From then on every frame goes to the gateway's {@code FrameIntake} with the dialect's translation, so every limit
 * of the native protocol applies. One namespace per connection for now (a client multiplexing a second one is
 * refused it).
 */
public class SocketIoEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(SocketIoEndpoint.class.getName());
    /** Refused CONNECTs (and other packets) tolerated before a namespace is connected. */
    private static final int MAX_ATTEMPTS = 5;

    private final SocketIoEngine engine;
    private Session session;
    private SocketIoHandshake handshake;
    private ScheduledFuture<?> connectTimeout;
    private int attempts;
    private volatile Peer peer;
    private volatile SocketIoDialect dialect;

    SocketIoEndpoint(SocketIoEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        handshake = (SocketIoHandshake) session.getUserProperties().remove(SocketIoHandshake.KEY);
        session.addMessageHandler(String.class, this::receive);
        session.addMessageHandler(ByteBuffer.class, data -> receiveBinary());
        NamespaceEndpoint.prepare(session);
        if (handshake == null || !"4".equals(handshake.version())) {
            close(CloseReason.CloseCodes.PROTOCOL_ERROR, "Engine.IO protocol 4 only (EIO=4)");
            return;
        }
        if (!"websocket".equals(handshake.transport()) || handshake.sid() != null) {
            close(CloseReason.CloseCodes.PROTOCOL_ERROR, "only the websocket transport is served so far");
            return;
        }
        if (!sendNow(engine.open(SocketIoEngine.newSid()))) {
            return;
        }
        connectTimeout = engine.afterConnectTimeout(() -> {
            if (peer == null) {
                close(CloseReason.CloseCodes.VIOLATED_POLICY, "no namespace connected in time");
            }
        });
    }

    private void receive(String text) {
        if (text.isEmpty()) {
            refuse("empty packet");
            return;
        }
        Peer connected = peer;
        switch (text.charAt(0)) {
            case '3' -> { // pong
                if (connected != null) {
                    engine.intake().pong(connected);
                }
            }
            case '1' -> { // close
                if (connected != null) {
                    connected.connection().close(CloseCode.NORMAL);
                } else {
                    close(CloseReason.CloseCodes.NORMAL_CLOSURE, "closed by the client");
                }
            }
            case '6' -> {} // noop
            case '4' -> {
                if (connected != null) {
                    engine.intake().receive(connected, text, this::translate);
                } else {
                    connect(text.substring(1));
                }
            }
            default -> refuse("not an Engine.IO packet this server takes");
        }
    }

    /** A packet of a connected client: the Tidings frame its EVENT stands for, or null when answered here. */
    private String translate(String text) {
        SocketIoPacket packet = SocketIoPacket.decode(text.substring(1));
        Connection connection = peer.connection();
        if (!packet.namespace().equals(dialect.namespace())) {
            if (packet.type() == SocketIoPacket.Type.CONNECT) {
                connection.sendWritten(connectError(
                        packet.namespace(), "one namespace per connection: connect it with forceNew", "unsupported"));
                return null;
            }
            throw new FrameException(
                    ErrorCode.BAD_REQUEST, "not connected to namespace " + FrameDecoder.echo(packet.namespace()), null);
        }
        return switch (packet.type()) {
            case EVENT -> dialect.toTidings(packet, connection.user());
            case DISCONNECT -> {
                connection.close(CloseCode.NORMAL);
                yield null;
            }
            default -> null; // CONNECT again, or an ACK: the server asks for none yet
        };
    }

    /** The first packets: a CONNECT to a namespace, answered CONNECT or CONNECT_ERROR; anything else closes. */
    private void connect(String text) {
        SocketIoPacket packet;
        try {
            packet = SocketIoPacket.decode(text);
        } catch (FrameException e) {
            refuse(e.getMessage());
            return;
        }
        if (packet.type() != SocketIoPacket.Type.CONNECT) {
            refuse("connect to a namespace first");
            return;
        }
        if (++attempts > MAX_ATTEMPTS) {
            refuse("too many refused namespace connections");
            return;
        }
        SocketIoNamespace namespace =
                SocketIoNamespace.named(packet.namespace()).orElse(null);
        if (namespace == null) {
            sendNow(connectError(packet.namespace(), "Invalid namespace", "invalid_namespace"));
            return;
        }
        String token = authToken(packet.data());
        UserToken user = null;
        if (token != null) {
            try {
                user = engine.authenticate(token, handshake.address());
            } catch (TokenException e) {
                sendNow(connectError(packet.namespace(), e.getMessage(), ErrorCode.UNAUTHORIZED.wire()));
                return;
            }
        }
        if (user == null && namespace.tidings().requires() != Namespace.Requires.NOTHING) {
            sendNow(connectError(
                    packet.namespace(),
                    "authentication required: connect with auth.token",
                    ErrorCode.UNAUTHORIZED.wire()));
            return;
        }
        dialect = namespace.dialect();
        peer = engine.intake()
                .open(
                        session,
                        namespace.tidings(),
                        new Handshake(user, null, handshake.address()),
                        dialect,
                        (code, reason) -> sendNow(connectError(
                                packet.namespace(), reason, code.name().toLowerCase())));
        if (peer != null && connectTimeout != null) {
            connectTimeout.cancel(false);
        }
    }

    /** The token of the CONNECT's {@code auth}, else of the upgrade request; null when none. */
    private String authToken(JsonValue auth) {
        if (auth instanceof JsonObject object
                && object.get("token") != null
                && object.get("token").getValueType() == JsonValue.ValueType.STRING) {
            return object.getString("token");
        }
        return handshake.token();
    }

    private void receiveBinary() {
        Peer connected = peer;
        if (connected != null) {
            engine.intake().receiveBinary(connected);
        } else {
            refuse("binary attachments are not supported");
        }
    }

    private static String connectError(String namespace, String message, String code) {
        String json = SocketIoDialect.JSON
                .createObjectBuilder()
                .add("message", message)
                .add("data", SocketIoDialect.JSON.createObjectBuilder().add("code", code))
                .build()
                .toString();
        return "4" + SocketIoPacket.encode(SocketIoPacket.Type.CONNECT_ERROR, namespace, -1, json);
    }

    /** Before a namespace is connected nothing else writes to the session: a blocking send is the only one. */
    private boolean sendNow(String frame) {
        try {
            session.getBasicRemote().sendText(frame);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Sending to an Engine.IO connection failed", e);
            close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
            return false;
        }
    }

    /** A bad packet before any namespace is connected: the protocol says close. */
    private void refuse(String reason) {
        if (peer == null) {
            close(CloseReason.CloseCodes.PROTOCOL_ERROR, reason);
        } else {
            peer.connection().sendError(null, ErrorCode.BAD_REQUEST, reason);
        }
    }

    private void close(CloseReason.CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason.length() > 120 ? reason.substring(0, 120) : reason));
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing an Engine.IO connection failed", e);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        engine.intake().closed(peer, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        engine.intake().failed(peer, session, error);
    }
}
