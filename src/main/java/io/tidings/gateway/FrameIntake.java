package io.tidings.gateway;

import io.tidings.auth.ChannelAccess;
import io.tidings.auth.UserToken;
import io.tidings.cluster.BusUnavailableException;
import io.tidings.metrics.Metrics;
import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.CoreFrame;
import io.tidings.protocol.Dialect;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.VerbAccess;
import io.tidings.protocol.VerbHandler;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Wire;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything an endpoint receives comes here: the frame budget and size, decoding with the connection's namespace
 * decoder, and the hand-over to the core verbs or the namespace's own verb handler; errors become {@code error}
 * frames, too many bad frames a close.
 */
@ApplicationScoped
public class FrameIntake {

    private static final Logger LOG = Logger.getLogger(FrameIntake.class.getName());

    private Admission admission;
    private CoreVerbs core;
    private SessionRegistry registry;
    private GatewayLimits limits;
    private Metrics metrics;
    private Instance<Object> beans;
    private final Map<Namespace, VerbHandler<Connection, ClientFrame>> verbs = new EnumMap<>(Namespace.class);

    FrameIntake() {}

    @Inject
    public FrameIntake(
            Admission admission,
            CoreVerbs core,
            SessionRegistry registry,
            GatewayLimits limits,
            Metrics metrics,
            Instance<Object> beans) {
        this.admission = admission;
        this.core = core;
        this.registry = registry;
        this.limits = limits;
        this.metrics = metrics;
        this.beans = beans;
    }

    @PostConstruct
    @SuppressWarnings("unchecked")
    void findVerbHandlers() {
        for (Namespace namespace : Namespace.values()) {
            if (namespace.verbs() != null) {
                verbs.put(namespace, (VerbHandler<Connection, ClientFrame>)
                        beans.select(namespace.verbs()).get());
            }
        }
    }

    /** The connection on its own WebSocket session, speaking {@code dialect}; null when it was refused at the door. */
    public Peer open(Session session, Namespace namespace, Dialect dialect) {
        Peer peer = admission.admit(session, namespace, dialect);
        if (peer != null && !peer.connection().closing()) {
            core.subscribeOwnChannel(peer);
        }
        return peer;
    }

    /**
     * Opens a connection of a dialect on its {@code wire}, as {@link Admission#admit(Wire, Namespace, Handshake,
     * Dialect, Admission.Refusal)} decides.
     */
    public Peer open(Wire wire, Namespace namespace, Handshake handshake, Dialect dialect, Admission.Refusal refusal) {
        return open(wire, namespace, handshake, dialect, refusal, Set.of());
    }

    /**
     * As {@link #open(Wire, Namespace, Handshake, Dialect, Admission.Refusal)}, for a client that recovers its session:
     * of its own channels, those it will {@code resume} ({@link CoreVerbs#resume}) are not subscribed afresh.
     */
    public Peer open(
            Wire wire,
            Namespace namespace,
            Handshake handshake,
            Dialect dialect,
            Admission.Refusal refusal,
            Set<String> resumed) {
        Peer peer = admission.admit(wire, namespace, handshake, dialect, refusal);
        if (peer != null && !peer.connection().closing()) {
            core.subscribeOwnChannel(peer, resumed);
        }
        return peer;
    }

    /** What a dialect reads a frame of its own into: a Tidings client frame, or a {@link FrameException}. */
    @FunctionalInterface
    public interface Translation {
        /** The Tidings frame, or null when the dialect has answered the frame itself. */
        String toTidings(String frame);
    }

    public void receive(Peer peer, String text) {
        receive(peer, text, null);
    }

    /**
     * A frame of a dialect: the same budget and size limit as Tidings' own, checked on the frame as it came, then
     * translated and handled as the Tidings frame it stands for; a translation's refusal counts as a malformed frame.
     */
    public void receive(Peer peer, String text, Translation translation) {
        if (peer == null) {
            return;
        }
        Connection connection = peer.connection();
        metrics.frameReceived();
        if (!admit(connection)) {
            return;
        }
        if (tooBig(text)) {
            connection.close(CloseCode.TOO_BIG);
            return;
        }
        ClientFrame frame = null;
        try {
            String tidings = translation == null ? text : translation.toTidings(text);
            if (tidings == null) {
                return;
            }
            frame = peer.namespace()
                    .decoder()
                    .decode(tidings, (access, id) -> authorize(peer.namespace(), connection.token(), access, id));
            if (frame instanceof CoreFrame coreFrame) {
                coreFrame.dispatch(core, peer);
            } else {
                handleVerb(peer, frame);
            }
        } catch (FrameException e) {
            reject(connection, e);
        } catch (BusUnavailableException e) {
            LOG.fine(() -> "The bus failed a frame of session " + connection.id() + ": " + e.getMessage());
            connection.sendError(
                    frame == null ? null : frame.id(), ErrorCode.UNAVAILABLE, "temporarily unavailable, try again");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Frame on session " + connection.id() + " failed", e);
            connection.sendError(null, ErrorCode.INTERNAL, "internal error");
        }
    }

    /**
     * The one check of who may send a verb, made before its fields are read: a verb that needs a user gets
     * {@code unauthorized} from a connection without one, one that needs role admin {@code forbidden} from a user
     * without it.
     */
    static void authorize(Namespace namespace, UserToken user, VerbAccess access, String id) {
        VerbAccess needed = access == VerbAccess.ADMITTED ? namespace.admitted() : access;
        if (needed == VerbAccess.ANYONE) {
            return;
        }
        if (user == null) {
            throw new FrameException(
                    ErrorCode.UNAUTHORIZED,
                    needed == VerbAccess.ADMIN ? "authenticate as an admin first" : "authenticate first",
                    id);
        }
        if (needed == VerbAccess.ADMIN && !user.hasRole(ChannelAccess.ADMIN)) {
            throw new FrameException(ErrorCode.FORBIDDEN, "role admin required", id);
        }
    }

    private void handleVerb(Peer peer, ClientFrame frame) {
        VerbHandler<Connection, ClientFrame> handler = verbs.get(peer.namespace());
        // the namespace's decoder produced the frame, so it is of its handler's type
        handler.handle(peer.connection(), handler.frameType().cast(frame));
    }

    public void receiveBinary(Peer peer) {
        if (peer != null && admit(peer.connection())) {
            reject(
                    peer.connection(),
                    new FrameException(ErrorCode.BAD_REQUEST, "binary frames are not supported", null));
        }
    }

    /** A pong answering the server's ping: the client is alive. */
    public void pong(Peer peer) {
        if (peer != null) {
            peer.connection().heard(System.currentTimeMillis());
        }
    }

    public void closed(Peer peer, CloseReason reason) {
        if (peer != null) {
            registry.close(
                    peer.connection(),
                    peer.connection().endedWith(reason.getCloseCode().getCode()));
        }
    }

    public void failed(Peer peer, Session session, Throwable error) {
        String id = peer == null ? session.getId() : peer.connection().id();
        LOG.log(Level.FINE, "Session " + id + " failed", error);
        if (peer == null) {
            return;
        }
        if (error instanceof IOException) {
            // The client went away: closed at once, not claimed. The registry hears it from the container's onClose,
            // which follows with the client's own code when its close frame came (Undertow can report a reset before
            // it hands over a close frame it read), else 1006; should none come, Housekeeping sees the socket gone.
            peer.connection().clientGone();
            return;
        }
        peer.connection().close(CloseCode.INTERNAL_ERROR); // leaves no socket open behind the registry's back
        registry.close(
                peer.connection(), peer.connection().endedWith(CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()));
    }

    /** Liveness and the frame budget: false when the frame must be dropped (answered, or the connection closed). */
    private boolean admit(Connection connection) {
        long now = System.currentTimeMillis();
        connection.heard(now);
        if (connection.withinRate(now)) {
            return true;
        }
        if (connection.countRateViolation(now) > limits.rateTolerance()) {
            connection.close(CloseCode.RATE_LIMITED);
        } else {
            connection.sendError(null, ErrorCode.RATE_LIMITED, "too many frames, slow down");
        }
        return false;
    }

    private boolean tooBig(String text) {
        int limit = limits.frameBytes();
        // UTF-8 takes 1 to 3 bytes per char: count bytes only when the length alone does not decide
        return text.length() > limit
                || text.length() * 3L > limit && text.getBytes(StandardCharsets.UTF_8).length > limit;
    }

    /**
     * A frame a dialect refused before it could be translated (not even a packet of its own), within the connection's
     * frame budget: answered, and counted as malformed.
     */
    public void refuse(Peer peer, FrameException e) {
        if (peer != null && admit(peer.connection())) {
            reject(peer.connection(), e);
        }
    }

    /** Answers a refused frame; too many malformed ones close the connection (1008). */
    private void reject(Connection connection, FrameException e) {
        connection.sendError(e.id(), e.code(), e.getMessage());
        if (isMalformed(e) && connection.countBadFrame() > limits.badFrameTolerance()) {
            connection.close(CloseCode.POLICY_VIOLATION);
        }
    }

    /** Frames that were wrong in themselves, as opposed to refused for who sent them. */
    private static boolean isMalformed(FrameException e) {
        return e.code() == ErrorCode.BAD_REQUEST || e.code() == ErrorCode.INVALID_CHANNEL;
    }
}
