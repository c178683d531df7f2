package io.tidings.session;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Sends through a {@link Wire} that is not a connection's own session: as text, whatever was encoded. */
record WireTextWriter(Wire wire) implements TextWriter {

    @Override
    public void sendText(String text, SendHandler done) {
        wire.sendText(text, done);
    }

    @Override
    public void sendText(EncodedText text, SendHandler done) {
        wire.sendText(text.text(), done);
    }

    @Override
    public void sendPing(ByteBuffer data) throws IOException {
        wire.sendPing(data);
    }
}
