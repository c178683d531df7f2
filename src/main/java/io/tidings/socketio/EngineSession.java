package io.tidings.socketio;

import io.tidings.auth.TokenException;
import io.tidings.auth.UserToken;
import io.tidings.gateway.Handshake;
import io.tidings.gateway.Namespace;
import io.tidings.gateway.Peer;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Position;
import io.tidings.session.Wire;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Engine.IO connection, whatever its transport (a WebSocket, or HTTP long-polling until it upgrades). It answers
 * the engine's own packets (pong, close) and connects the client's namespaces, several over one connection as the
 * client multiplexes them: each namespace socket is a Tidings connection of its namespace, admitted with the token of
 * its CONNECT ({@code auth.token}, else of the handshake request), registered with the namespace's {@link
 * SocketIoDialect}, and writing through its share of the connection's transport. Every packet of a namespace goes to
 * the gateway's {@code FrameIntake} with the dialect's translation, so every limit of the native protocol applies per
 * namespace.
 */
final class EngineSession {

    private static final Logger LOG = Logger.getLogger(EngineSession.class.getName());
    /** Refused CONNECTs tolerated on one connection. */
    private static final int MAX_REFUSALS = 5;
    /** Closes that end one namespace (told by the dialect's DISCONNECT) and leave the others on the connection. */
    private static final Set<Integer> NAMESPACE_ONLY = Set.of(
            CloseCode.NORMAL.code(),
            CloseCode.UNAUTHORIZED.code(),
            CloseCode.TOKEN_EXPIRED.code(),
            CloseCode.POLICY_VIOLATION.code(),
            CloseCode.RATE_LIMITED.code(),
            CloseCode.DISCONNECTED.code());

    private static final SendHandler IGNORED = result -> {};

    private final SocketIoEngine engine;
    private final String sid;
    private final SocketIoHandshake handshake;
    private final Map<String, Peer> sockets = new ConcurrentHashMap<>();
    private final Map<String, NamespaceWire> wires = new ConcurrentHashMap<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile EngineTransport transport;
    private volatile ScheduledFuture<?> connectTimeout;
    private int refusals;

    EngineSession(SocketIoEngine engine, String sid, SocketIoHandshake handshake, EngineTransport transport) {
        this.engine = engine;
        this.sid = sid;
        this.handshake = handshake;
        this.transport = transport;
    }

    String sid() {
        return sid;
    }

    SocketIoHandshake handshake() {
        return handshake;
    }

    EngineTransport transport() {
        return transport;
    }

    /** Sends the open packet and waits for a namespace to be connected. */
    void start(boolean upgradable) {
        transport.send(engine.open(sid, upgradable), IGNORED);
        awaitConnect();
    }

    /** Moves the connection from polling onto a WebSocket (the client's {@code 5} after the probe). */
    void upgrade(WebSocketTransport webSocket) {
        if (transport instanceof PollingTransport polling) {
            polling.upgradeTo(webSocket);
            transport = webSocket;
        }
    }

    /** Closes the connection unless a namespace is connected within the connect timeout. */
    private void awaitConnect() {
        connectTimeout = engine.afterConnectTimeout(() -> {
            if (sockets.isEmpty()) {
                close(CloseReason.CloseCodes.VIOLATED_POLICY, "no namespace connected in time");
            }
        });
    }

    void receive(String text) {
        if (text.isEmpty()) {
            refuse("empty packet");
            return;
        }
        switch (text.charAt(0)) {
            case '3' -> sockets.values().forEach(peer -> engine.intake().pong(peer)); // pong
            case '1' -> close(CloseReason.CloseCodes.NORMAL_CLOSURE, "closed by the client");
            case '6' -> {} // noop
            case '4' -> message(text);
            default -> refuse("not an Engine.IO packet this server takes");
        }
    }

    /**
     * A Socket.IO packet. Once a namespace is connected, every packet is a frame of one (of the namespace it names, or
     * of any when it names none connected), within its budget; before, only a CONNECT may come.
     */
    private void message(String text) {
        boolean isConnect = text.length() > 1 && text.charAt(1) == '0';
        Peer peer = sockets.get(namespaceOf(text));
        if (peer == null && !sockets.isEmpty()) {
            peer = sockets.values().iterator().next();
        }
        if (peer != null) {
            engine.intake().receive(peer, text, isConnect ? this::connectFrom : this::translate);
        } else if (!isConnect) {
            refuse("connect to a namespace first");
        } else {
            try {
                connect(text.substring(1));
            } catch (FrameException e) {
                refuse(e.getMessage());
            }
        }
    }

    private String connectFrom(String text) {
        connect(text.substring(1));
        return null;
    }

    /** The namespace a packet names, read as far as needed to route it; {@code /} when it names none. */
    private static String namespaceOf(String text) {
        if (text.length() < 3 || text.charAt(2) != '/') {
            return "/";
        }
        int comma = text.indexOf(',', 2);
        int end = comma < 0 ? text.length() : comma;
        return end - 2 > SocketIoPacket.MAX_NAMESPACE ? "/" : text.substring(2, end);
    }

    /** The Tidings frame a namespace's packet stands for, or null when answered here. */
    private String translate(String text) {
        SocketIoPacket packet = SocketIoPacket.decode(text.substring(1));
        Peer peer = sockets.get(packet.namespace());
        if (peer == null) {
            throw new FrameException(
                    ErrorCode.BAD_REQUEST, "not connected to namespace " + FrameDecoder.echo(packet.namespace()), null);
        }
        return switch (packet.type()) {
            case EVENT -> dialectOf(peer).toTidings(packet, peer.connection().user());
            case DISCONNECT -> {
                peer.connection().close(CloseCode.NORMAL);
                yield null;
            }
            default -> null; // an ACK: the server asks for none yet
        };
    }

    private static SocketIoDialect dialectOf(Peer peer) {
        return (SocketIoDialect) peer.connection().dialect();
    }

    /**
     * A CONNECT to a namespace, answered CONNECT (by the dialect) or CONNECT_ERROR.
     *
     * @throws FrameException when it is not a valid packet
     */
    private void connect(String text) {
        SocketIoPacket packet = SocketIoPacket.decode(text);
        if (sockets.containsKey(packet.namespace())) {
            return; // connected already
        }
        SocketIoNamespace namespace =
                SocketIoNamespace.named(packet.namespace(), handshake.path()).orElse(null);
        if (namespace == null) {
            refuseConnect(packet.namespace(), "Invalid namespace", "invalid_namespace");
            return;
        }
        String token = authToken(packet.data());
        UserToken user = null;
        if (token != null) {
            try {
                user = engine.authenticate(token, handshake.address());
            } catch (TokenException e) {
                refuseConnect(packet.namespace(), e.getMessage(), ErrorCode.UNAUTHORIZED.wire());
                return;
            }
        }
        if (user == null && namespace.tidings().requires() != Namespace.Requires.NOTHING) {
            refuseConnect(
                    packet.namespace(),
                    "authentication required: connect with auth.token",
                    ErrorCode.UNAUTHORIZED.wire());
            return;
        }
        String name = packet.namespace();
        SessionRecovery recovery = engine.recovery();
        SessionRecovery.Recovered recovered = recovery.recover(
                        recoveryField(packet.data(), "pid"),
                        recoveryField(packet.data(), "offset"),
                        name,
                        user == null ? null : user.getName())
                .orElse(null);
        String pid = recovered != null
                ? recoveryField(packet.data(), "pid")
                : recovery.enabled() ? SessionRecovery.newPid() : null;
        NamespaceWire wire = new NamespaceWire(
                name, pid, recovered == null ? Map.of() : recovered.session().channels());
        Peer peer = engine.intake()
                .open(
                        wire,
                        namespace.tidings(),
                        new Handshake(user, null, handshake.address()),
                        namespace.dialect(),
                        (code, reason) ->
                                refuseConnect(name, reason, code.name().toLowerCase(java.util.Locale.ROOT)),
                        recovered == null ? Set.of() : recovered.channels().keySet());
        if (peer != null) {
            sockets.put(name, peer);
            wires.put(name, wire);
            if (ended.get()) { // the connection ended meanwhile (its connect timeout): this socket goes with it
                wires.remove(name, wire);
                wire.lost();
                if (sockets.remove(name, peer)) {
                    engine.intake()
                            .closed(peer, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "connection ended"));
                }
                return;
            }
            ScheduledFuture<?> timeout = connectTimeout;
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (recovered != null) {
                recovery.claimed(pid);
            }
            wire.connected(peer);
            if (recovered != null) {
                recovered.channels().forEach((channel, replay) -> resume(peer, wire, channel, replay));
            }
        }
    }

    /** Subscribes a recovered socket to one of its channels again; a refusal now is told as an error. */
    private void resume(Peer peer, NamespaceWire wire, String channel, SessionRecovery.Replay replay) {
        try {
            engine.core().resume(peer, channel, replay.since(), replay.missed());
        } catch (FrameException e) { // refused now (no longer a member, a limit): told, and out of its session
            peer.connection().sendError(null, e.code(), FrameDecoder.echo(channel) + ": " + e.getMessage());
            wire.unsubscribed(channel);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Resuming a subscription of a recovered Socket.IO session failed", e);
            peer.connection().close(CloseCode.RESTARTING);
        }
    }

    /** A string field of the CONNECT's data (Socket.IO's {@code pid} and {@code offset}), or null. */
    private static String recoveryField(JsonValue data, String name) {
        return data instanceof JsonObject object && object.get(name) instanceof JsonString text
                ? text.getString()
                : null;
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

    private void refuseConnect(String namespace, String message, String code) {
        String json = SocketIoDialect.JSON
                .createObjectBuilder()
                .add("message", message)
                .add("data", SocketIoDialect.JSON.createObjectBuilder().add("code", code))
                .build()
                .toString();
        transport.send("4" + SocketIoPacket.encode(SocketIoPacket.Type.CONNECT_ERROR, namespace, -1, json), IGNORED);
        if (++refusals > MAX_REFUSALS) {
            close(CloseReason.CloseCodes.VIOLATED_POLICY, "too many refused namespace connections");
        }
    }

    void receiveBinary() {
        if (sockets.isEmpty()) {
            refuse("binary attachments are not supported");
        } else {
            engine.intake().receiveBinary(sockets.values().iterator().next());
        }
    }

    /** A bad packet: before any namespace is connected the protocol says close; after, it is a bad frame. */
    private void refuse(String reason) {
        if (sockets.isEmpty()) {
            close(CloseReason.CloseCodes.PROTOCOL_ERROR, reason);
        } else {
            engine.intake()
                    .refuse(
                            sockets.values().iterator().next(),
                            new FrameException(ErrorCode.BAD_REQUEST, reason, null));
        }
    }

    void close(CloseReason.CloseCode code, String reason) {
        CloseReason why = new CloseReason(code, reason);
        transport.close(why);
        ended(why);
    }

    /** The connection is over: every namespace socket on it is closed. Only the first call counts. */
    void ended(CloseReason reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timeout = connectTimeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        wires.values().forEach(wire -> wire.lost());
        wires.clear();
        for (String namespace : List.copyOf(sockets.keySet())) {
            Peer peer = sockets.remove(namespace);
            if (peer != null) {
                engine.intake().closed(peer, reason);
            }
        }
        engine.forget(this);
    }

    void failed(Throwable error) {
        LOG.log(Level.FINE, "Engine.IO connection " + sid + " failed", error);
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error");
    }

    /**
     * A namespace socket's share of the connection. Ending it for the namespace's own reasons (its client's
     * DISCONNECT, auth, bad frames, rate) leaves the others; anything else (a slow or silent client, a failed send, a
     * restart) closes the connection with that code, and the client reconnects every namespace.
     */
    private final class NamespaceWire implements Wire {
        private final String namespace;
        /** The socket's private id for connection state recovery; null when recovery is off. */
        private final String pid;
        /** Its channels and where each started, as its session is saved. */
        private final Map<String, Position> channels;

        private volatile Peer peer;
        private volatile boolean ended;
        private volatile boolean connectSent;

        NamespaceWire(String namespace, String pid, Map<String, Position> recovered) {
            this.namespace = namespace;
            this.pid = pid;
            this.channels = new ConcurrentHashMap<>(recovered);
        }

        /** The socket is connected: its session is saved from now on. */
        void connected(Peer peer) {
            this.peer = peer;
            save();
        }

        /** Its connection was lost (not ended by its client): its session stays recoverable a while. */
        void lost() {
            ended = true;
            if (pid != null) {
                engine.recovery().ended(pid, this, true);
            }
        }

        @Override
        public void sendText(String frame, SendHandler done) {
            if (!connectSent && pid != null && frame.startsWith("40")) {
                connectSent = true; // the socket's CONNECT comes first, from its one writer: it names the pid
                frame = SocketIoDialect.withPid(frame, pid);
            }
            transport.send(frame, done);
        }

        @Override
        public void subscribed(String channel, Position from) {
            // a recovered channel keeps where it first started: what the client missed is counted from there
            if (channels.putIfAbsent(channel, from) == null) {
                save();
            }
        }

        @Override
        public void unsubscribed(String channel) {
            if (channels.remove(channel) != null) {
                save();
            }
        }

        private void save() {
            Peer connected = peer;
            if (pid != null && connected != null && !ended) {
                engine.recovery()
                        .save(
                                pid,
                                this,
                                new SavedSession(
                                        namespace, connected.connection().user(), channels));
            }
        }

        @Override
        public void sendPing(ByteBuffer data) {
            throw new UnsupportedOperationException("Engine.IO pings are text packets");
        }

        @Override
        public boolean isOpen() {
            return !ended && transport.isOpen();
        }

        @Override
        public void close(CloseReason reason) {
            if (!NAMESPACE_ONLY.contains(reason.getCloseCode().getCode())) {
                EngineSession.this.close(reason.getCloseCode(), reason.getReasonPhrase());
                return;
            }
            ended = true;
            wires.remove(namespace, this);
            if (pid != null) {
                engine.recovery().ended(pid, this, false);
            }
            Peer peer = sockets.remove(namespace);
            if (peer != null) {
                engine.intake().closed(peer, reason);
                if (sockets.isEmpty() && transport.isOpen()) {
                    awaitConnect();
                }
            }
        }
    }
}
