package io.tidings.protocol;

import io.tidings.cluster.Position;
import jakarta.json.JsonObject;
import java.util.Optional;

/** A frame a client sent, decoded and checked for shape (not yet for permission). */
public sealed interface ClientFrame {

    /** The client's correlation id, echoed on the direct answer; may be null. */
    String id();

    /** Calls the handler method for this kind of frame. */
    <C> void dispatch(FrameHandler<C> handler, C context);

    record Authenticate(String id, String token) implements ClientFrame {
        @Override
        public <C> void dispatch(FrameHandler<C> handler, C context) {
            handler.authenticate(context, this);
        }
    }

    /** {@code since} is present when the client asks to recover what it missed. */
    record Subscribe(String id, String channel, Optional<Position> since) implements ClientFrame {
        @Override
        public <C> void dispatch(FrameHandler<C> handler, C context) {
            handler.subscribe(context, this);
        }
    }

    record Unsubscribe(String id, String channel) implements ClientFrame {
        @Override
        public <C> void dispatch(FrameHandler<C> handler, C context) {
            handler.unsubscribe(context, this);
        }
    }

    record Publish(String id, String channel, String event, JsonObject data) implements ClientFrame {
        @Override
        public <C> void dispatch(FrameHandler<C> handler, C context) {
            handler.publish(context, this);
        }
    }

    record Ping(String id) implements ClientFrame {
        @Override
        public <C> void dispatch(FrameHandler<C> handler, C context) {
            handler.ping(context, this);
        }
    }
}
