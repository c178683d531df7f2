package io.tidings.session;

import io.tidings.protocol.EncodedText;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * WildFly only (Undertow): a shared frame's UTF-8 bytes go to Undertow's own {@code WebSockets.sendText(ByteBuffer,
 * ...)}, the method its {@code RemoteEndpoint.Async.sendText(String, ...)} calls after {@code getBytes(UTF_8)}; so the
 * same framing, extensions (permessage-deflate reads the buffer, copying a read-only one), send timeout and
 * completion, without encoding the text per recipient. Not taken by default: on a 2-core box it measured no
 * different from the portable path (the encoding it saves is some 20 ns a recipient), so WildFly keeps the portable
 * one unless {@code -Dtidings.delivery.text-writer=runtime}. Loaded only once {@link TextWriters} has found Undertow and
 * been asked for it, so Payara never links it.
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
