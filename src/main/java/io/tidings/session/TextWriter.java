package io.tidings.session;

import io.tidings.protocol.EncodedText;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How an {@link Outbox} puts frames on its connection: the portable {@code RemoteEndpoint.Async}, or a container's
 * own path that sends bytes encoded once per publication ({@link EncodedText}) without encoding the text again per
 * recipient. Chosen per connection by {@link TextWriters}. Every method may complete {@code done} on the calling
 * thread, before it returns, or later on another; it is called once per send.
 */
interface TextWriter {

    /** Sends a frame written for this connection alone (answers, errors). */
    void sendText(String text, SendHandler done);

    /** Sends a frame shared with other connections. */
    void sendText(EncodedText text, SendHandler done);

    void sendPing(ByteBuffer data) throws IOException;

    /** True when {@link #sendFrames} can put several shared frames on the wire in one write now. */
    default boolean sendsFramesTogether() {
        return false;
    }

    /**
     * Sends the first {@code count} shared frames one after another in one write, each still a message of its own;
     * {@code done} once for all. Called only while {@link #sendsFramesTogether}.
     */
    default void sendFrames(EncodedText[] frames, int count, SendHandler done) {
        throw new UnsupportedOperationException("one frame at a time");
    }
}
