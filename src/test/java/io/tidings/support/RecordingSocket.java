package io.tidings.support;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The client end of a WebSocket for unit tests that open connections in a real {@code SessionRegistry}: keeps every
 * text frame the server sends, in order, and the close code. Sends complete at once, like a client that reads
 * everything, unless {@link #stopReading} was called: then they never complete, and the server's queue fills.
 */
public final class RecordingSocket {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean reading = true;
    private volatile CloseReason closed;
    private final RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
            RecordingSocket.class.getClassLoader(),
            new Class<?>[] {RemoteEndpoint.Async.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "sendText" -> {
                    sent.add((String) args[0]);
                    if (reading) {
                        ((SendHandler) args[1]).onResult(new SendResult());
                    }
                    yield null;
                }
                case "sendPing", "setBatchingAllowed", "flushBatch", "setSendTimeout" -> null;
                default -> throw new UnsupportedOperationException(method.getName());
            });
    private final Session session = (Session) Proxy.newProxyInstance(
            RecordingSocket.class.getClassLoader(),
            new Class<?>[] {Session.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getAsyncRemote" -> remote;
                case "getNegotiatedSubprotocol" -> "";
                case "isOpen" -> closed == null;
                case "close" -> {
                    closed = args == null
                            ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                            : (CloseReason) args[0];
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "RecordingSocket";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** The server's side of this socket, to open a connection with. */
    public Session session() {
        return session;
    }

    /** From now on, sends are never completed: the client stopped reading. */
    public void stopReading() {
        reading = false;
    }

    /** Every text frame handed to this socket, as written. */
    public List<String> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The frames of this {@code type}, as written. */
    public List<String> sent(String type) {
        return sent().stream()
                .filter(frame -> type.equals(json(frame).getString("type", null)))
                .toList();
    }

    /** The frames of this {@code type}, parsed. */
    public List<JsonObject> frames(String type) {
        return sent(type).stream().map(RecordingSocket::json).toList();
    }

    /** The type of each frame sent, in order. */
    public List<String> types() {
        return sent().stream().map(frame -> json(frame).getString("type", null)).toList();
    }

    /** The close code the server closed this socket with, or null while it is open. */
    public Integer closeCode() {
        CloseReason reason = closed;
        return reason == null ? null : reason.getCloseCode().getCode();
    }

    private static JsonObject json(String frame) {
        return JSON.createReader(new StringReader(frame)).readObject();
    }
}
