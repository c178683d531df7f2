package io.tidings.socketio;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;

/**
 * How an Engine.IO connection reaches its client: a WebSocket, or HTTP long-polling until it upgrades. Frames are
 * Engine.IO packets; one transport sends them in the order given.
 */
interface EngineTransport {

    /** Sends a packet; {@code done} is told once the transport has taken it (possibly before this returns). */
    void send(String packet, SendHandler done);

    boolean isOpen();

    /** Closes the transport; the connection is over. */
    void close(CloseReason reason);
}
