package io.tidings.session;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.tyrus.core.TyrusRemoteEndpoint;
import org.glassfish.tyrus.core.TyrusWebSocket;

/**
 * Payara only (Tyrus): a shared frame goes out whole, header and payload built once per publication, through {@code
 * TyrusWebSocket.sendRawFrame}, the path Tyrus's own broadcast takes. It skips what Tyrus does per
 * {@code sendText}: a {@code TextFrame} with a new UTF-8 encoder, the framing, and the idle timer's reschedule.
 * That last one is most of the gain (measured: docs/benchmarks.md, "Encode once"), and is only right while the
 * connection's idle timeout is off ({@code Admission} sets 0; Tyrus still schedules a task per send then): a
 * connection given an idle timeout sends through {@code sendText}, which restarts the timer. Only for a connection without extensions (a raw frame bypasses them). The
 * connection's {@code TyrusWebSocket} is a package-private field of Tyrus's remote endpoint, read once per
 * connection; when it is missing (another Tyrus), every connection takes the portable path. Loaded only once
 * {@link TextWriters} has found Tyrus, so WildFly never links it.
 */
final class TyrusTextWriter implements TextWriter {

    static final String ENDPOINT_CLASS = "org.glassfish.tyrus.core.TyrusRemoteEndpoint";

    private static final Logger LOG = Logger.getLogger(TyrusTextWriter.class.getName());
    private static final SendResult OK = new SendResult();
    private static final Field WEB_SOCKET = webSocketField();

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final TyrusWebSocket socket;

    private TyrusTextWriter(Session session, RemoteEndpoint.Async remote, TyrusWebSocket socket) {
        this.session = session;
        this.remote = remote;
        this.socket = socket;
    }

    /** Tyrus's writer for one of its sessions; the portable one for any other session or one with extensions. */
    static TextWriter of(Session session) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        if (WEB_SOCKET != null
                && remote instanceof TyrusRemoteEndpoint
                && session.getNegotiatedExtensions().isEmpty()) {
            try {
                if (WEB_SOCKET.get(remote) instanceof TyrusWebSocket socket) {
                    return new TyrusTextWriter(session, remote, socket);
                }
            } catch (IllegalAccessException | RuntimeException e) {
                LOG.log(Level.FINE, "Tyrus's web socket not readable: portable send", e);
            }
        }
        return new PortableTextWriter(remote);
    }

    /** True when this Tyrus has what the raw path needs. */
    static boolean usable() {
        return WEB_SOCKET != null;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        remote.sendText(text, done);
    }

    @Override
    public void sendText(EncodedText text, SendHandler done) {
        if (!sendsFramesTogether()) { // a raw frame does not restart Tyrus's idle timer: let sendText do it
            sendText(text.text(), done);
            return;
        }
        sendRaw(text.frame(), done);
    }

    /** Raw frames, alone or several in a row, only without an idle timeout: they do not restart its timer. */
    @Override
    public boolean sendsFramesTogether() {
        return session.getMaxIdleTimeout() <= 0;
    }

    @Override
    public void sendFrames(EncodedText[] frames, int count, SendHandler done) {
        sendRaw(Cork.frames(frames, count), done);
    }

    private void sendRaw(ByteBuffer bytes, SendHandler done) {
        Future<?> sent = socket.sendRawFrame(bytes);
        if (sent instanceof CompletionStage<?> stage) { // Tyrus 2's TyrusFuture is a CompletableFuture
            stage.whenComplete((frame, failure) -> done.onResult(failure == null ? OK : new SendResult(failure)));
        } else {
            done.onResult(new SendResult(new IOException("Tyrus gave no completion for a raw frame")));
        }
    }

    @Override
    public void sendPing(ByteBuffer data) throws IOException {
        remote.sendPing(data);
    }

    private static Field webSocketField() {
        try {
            Field field = TyrusRemoteEndpoint.class.getDeclaredField("webSocket");
            if (field.getType() != TyrusWebSocket.class) {
                return null;
            }
            TyrusWebSocket.class.getMethod("sendRawFrame", ByteBuffer.class);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "Tyrus without a raw frame path; shared frames take the portable send", e);
            return null;
        }
    }
}
