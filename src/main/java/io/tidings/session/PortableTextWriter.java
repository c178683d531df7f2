package io.tidings.session;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The Jakarta WebSocket API alone: the container encodes every frame's text for every recipient. */
final class PortableTextWriter implements TextWriter {

    private final RemoteEndpoint.Async remote;

    PortableTextWriter(RemoteEndpoint.Async remote) {
        this.remote = remote;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        remote.sendText(text, done);
    }

    @Override
    public void sendText(EncodedText text, SendHandler done) {
        remote.sendText(text.text(), done);
    }

    @Override
    public void sendPing(ByteBuffer data) throws IOException {
        remote.sendPing(data);
    }
}
