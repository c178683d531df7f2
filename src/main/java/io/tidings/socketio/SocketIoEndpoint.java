package io.tidings.socketio;

import io.tidings.gateway.NamespaceEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The WebSocket of an Engine.IO connection, one instance per socket: a connection of its own ({@code
 * transport=websocket} without {@code sid}), or the upgrade of a polling one ({@code sid}): probed with {@code
 * 2probe}/{@code 3probe}, then moved onto this socket by the client's {@code 5}.
 */
public class SocketIoEndpoint extends Endpoint {

    private final SocketIoEngine engine;
    private WebSocketTransport webSocket;
    private volatile EngineSession engineSession;
    private EngineSession upgrading;

    SocketIoEndpoint(SocketIoEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        SocketIoHandshake handshake =
                (SocketIoHandshake) session.getUserProperties().remove(SocketIoHandshake.KEY);
        webSocket = new WebSocketTransport(session);
        session.addMessageHandler(String.class, this::receive);
        session.addMessageHandler(ByteBuffer.class, data -> {
            EngineSession current = engineSession;
            if (current != null) {
                current.receiveBinary();
            } else {
                close("binary data before the connection is open");
            }
        });
        NamespaceEndpoint.prepare(session);
        session.setMaxIdleTimeout(0); // liveness is the heartbeat's job
        if (handshake == null || !"4".equals(handshake.version()) || !"websocket".equals(handshake.transport())) {
            close("Engine.IO protocol 4 (EIO=4) with transport=websocket");
            return;
        }
        if (handshake.sid() == null) {
            EngineSession fresh = engine.newSession(handshake, webSocket);
            if (fresh == null) {
                webSocket.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "server full"));
                return;
            }
            engineSession = fresh;
            fresh.start(false);
            return;
        }
        upgrading = engine.polling(handshake.sid(), handshake.address());
        if (upgrading == null) {
            close("unknown sid");
        }
    }

    private void receive(String text) {
        EngineSession current = engineSession;
        if (current != null) {
            current.receive(text);
        } else if ("2probe".equals(text)) {
            webSocket.send("3probe", result -> {});
            if (upgrading != null && upgrading.transport() instanceof PollingTransport polling) {
                polling.probing();
            }
        } else if ("5".equals(text) && upgrading != null && upgrading.transport() instanceof PollingTransport) {
            upgrading.upgrade(webSocket);
            engineSession = upgrading;
        } else {
            close("probe the upgrade first");
        }
    }

    private void close(String reason) {
        webSocket.close(new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, reason));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        EngineSession current = engineSession;
        if (current != null) {
            current.ended(reason);
        } else if (upgrading != null && upgrading.transport() instanceof PollingTransport polling) {
            polling.probeEnded(); // a probe that did not upgrade: the connection polls on as before
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        EngineSession current = engineSession;
        if (current != null) {
            current.failed(error);
        }
    }
}
