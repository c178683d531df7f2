package io.tidings.session;

import io.tidings.protocol.EncodedText;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketFrameType;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;

/**
 * WildFly only (Undertow): a shared frame's UTF-8 bytes go to Undertow's own {@code WebSockets.sendText(ByteBuffer,
 * ...)}, the method its {@code RemoteEndpoint.Async.sendText(String, ...)} calls after {@code getBytes(UTF_8)}; so the
 * same framing, extensions (permessage-deflate reads the buffer, copying a read-only one), send timeout and
 * completion, without encoding the text per recipient (some 20 ns a recipient: on its own it measured no different
 * from the portable path). What pays is {@link #sendFrames}: several queued frames in one write. Loaded only once
 * {@link TextWriters} has found Undertow, so Payara never links it.
 */
final class UndertowTextWriter implements TextWriter {

    static final String SESSION_CLASS = "io.undertow.websockets.jsr.UndertowSession";

    private final RemoteEndpoint.Async remote;
    private final WebSocketChannel channel;

    private UndertowTextWriter(RemoteEndpoint.Async remote, WebSocketChannel channel) {
        this.remote = remote;
        this.channel = channel;
    }

    /** Undertow's writer for one of its sessions; the portable one for any other session. */
    static TextWriter of(Session session) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        if (session instanceof UndertowSession undertow) {
            WebSocketChannel channel = undertow.getWebSocketChannel();
            if (channel != null) {
                return new UndertowTextWriter(remote, channel);
            }
        }
        return new PortableTextWriter(remote);
    }

    @Override
    public void sendText(String text, SendHandler done) {
        remote.sendText(text, done);
    }

    @Override
    public void sendText(EncodedText text, SendHandler done) {
        WebSockets.sendText(text.utf8(), channel, new Completion(done), remote.getSendTimeout());
    }

    /** Undertow queues frames and writes every queued one in one gathering write: see {@link #sendFrames}. */
    @Override
    public boolean sendsFramesTogether() {
        return true;
    }

    /**
     * Queues each frame as Undertow's own send does, but with the channel's flushes held until all are queued (the
     * switch behind Undertow's own {@code setBatchingAllowed}), so that its one flush writes them in one gathering
     * write instead of one write each. Only the last frame has a completion: the frames before it leave in the same
     * write or before it, and a broken write fails every frame queued, the last too. A close another thread queues
     * meanwhile goes with them, or, queued before the last, fails the frames after it (none may follow a close).
     */
    @Override
    public void sendFrames(EncodedText[] frames, int count, SendHandler done) {
        Completion completion = new Completion(done);
        boolean held = channel.isRequireExplicitFlush(); // held already by a send that has not reached its flush yet
        channel.setRequireExplicitFlush(true);
        try {
            for (int i = 0; i < count - 1; i++) {
                queueWithoutCompletion(frames[i]);
            }
            WebSockets.sendText(frames[count - 1].utf8(), channel, completion, remote.getSendTimeout());
        } catch (IOException e) {
            completion.onError(channel, null, e);
        } finally {
            if (!held) {
                channel.setRequireExplicitFlush(false);
            }
            channel.flush();
        }
    }

    /**
     * What {@code WebSockets.sendText} does up to its completion listener, which would cost an I/O-thread task per
     * frame.
     */
    private void queueWithoutCompletion(EncodedText frame) throws IOException {
        StreamSinkFrameChannel sink = channel.send(WebSocketFrameType.TEXT);
        if (!sink.send(new ImmediatePooledByteBuffer(frame.utf8()))) {
            IoUtils.safeClose(sink); // else it would hold back every frame after it
            throw new IOException("Undertow refused a frame on a new sink");
        }
        sink.shutdownWrites();
    }

    @Override
    public void sendPing(ByteBuffer data) throws IOException {
        remote.sendPing(data);
    }

    /** Undertow may report one send twice (complete, then an error): the first report counts, as in its own adapter. */
    @SuppressWarnings("serial") // never serialized: the flag is its reported state
    private static final class Completion extends AtomicBoolean implements WebSocketCallback<Void> {
        private final transient SendHandler done;

        Completion(SendHandler done) {
            this.done = done;
        }

        @Override
        public void complete(WebSocketChannel channel, Void context) {
            if (compareAndSet(false, true)) {
                done.onResult(new SendResult());
            }
        }

        @Override
        public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
            if (compareAndSet(false, true)) {
                done.onResult(new SendResult(throwable));
            }
        }
    }
}
