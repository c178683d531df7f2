package io.tidings.gateway;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** {@code /ws}: market data, wallet updates, alerts and user channels. Anyone may connect. */
@ServerEndpoint(value = "/ws", configurator = HandshakeConfigurator.class)
public class WsEndpoint {

    @Inject
    Gateway gateway;

    @OnOpen
    public void open(Session session) {
        gateway.open(session, Namespace.WS);
    }

    @OnMessage(maxMessageSize = GatewayLimits.MAX_FRAME_BYTES)
    public void message(Session session, String text) {
        gateway.receive(session, text);
    }

    @OnMessage
    public void binary(Session session, ByteBuffer data) {
        gateway.receiveBinary(session);
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        gateway.pong(session);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        gateway.closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        gateway.failed(session, error);
    }
}
