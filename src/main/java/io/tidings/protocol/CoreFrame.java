package io.tidings.protocol;

import jakarta.json.JsonObject;
import java.util.Optional;

/** The frames every namespace understands. */
public sealed interface CoreFrame extends ClientFrame {

    /** Calls the handler method for this kind of frame. */
    <C> void dispatch(CoreFrameHandler<C> handler, C context);

    record Authenticate(String id, String token) implements CoreFrame {
        @Override
        public <C> void dispatch(CoreFrameHandler<C> handler, C context) {
            handler.authenticate(context, this);
        }
    }

    /** {@code since} is present when the client asks to recover what it missed. */
    record Subscribe(String id, String channel, Optional<Position> since) implements CoreFrame {
        @Override
        public <C> void dispatch(CoreFrameHandler<C> handler, C context) {
            handler.subscribe(context, this);
        }
    }

    /** Several channels in one request (an extension): each is answered as its own {@code subscribe} would be. */
    record SubscribeMany(String id, java.util.List<String> channels) implements CoreFrame {
        @Override
        public <C> void dispatch(CoreFrameHandler<C> handler, C context) {
            handler.subscribeMany(context, this);
        }
    }

    record Unsubscribe(String id, String channel) implements CoreFrame {
        @Override
        public <C> void dispatch(CoreFrameHandler<C> handler, C context) {
            handler.unsubscribe(context, this);
        }
    }

    /** Several channels in one request (an extension): each is answered as its own {@code unsubscribe} would be. */
    record UnsubscribeMany(String id, java.util.List<String> channels) implements CoreFrame {
        @Override
        public <C> void dispatch(CoreFrameHandler<C> handler, C context) {
            handler.unsubscribeMany(context, this);
        }
    }

    record Publish(String id, String channel, String event, JsonObject data) implements CoreFrame {
        @Override
        public <C> void dispatch(CoreFrameHandler<C> handler, C context) {
            handler.publish(context, this);
        }
    }

    record Ping(String id) implements CoreFrame {
        @Override
        public <C> void dispatch(CoreFrameHandler<C> handler, C context) {
            handler.ping(context, this);
        }
    }
}
