package io.tidings.protocol;

import java.util.List;
import java.util.function.Consumer;

/**
 * The wire language of a connection: Tidings' own protocol, or a client protocol Tidings speaks for the gateways it
 * replaces (Socket.IO). The core always speaks Tidings frames; a dialect turns them into its own on the way out.
 * Events of channels, the one frame sent to many, are written once per publication through {@link #events()}.
 */
public interface Dialect {

    /** Tidings' own protocol: frames go out as they are, heartbeats are WebSocket pings. */
    Dialect NATIVE = new Dialect() {
        @Override
        public String name() {
            return "tidings";
        }

        @Override
        public EventFormat events() {
            return EventFormat.NATIVE;
        }

        @Override
        public void render(String frame, Consumer<String> out) {
            out.accept(frame);
        }
    };

    /** Its name in metrics and logs. */
    String name();

    /** How the events of channels are written for this dialect. */
    EventFormat events();

    /** Writes a Tidings server frame (any but a channel's event from the delivery) as none, one or more frames. */
    void render(String frame, Consumer<String> out);

    /** The heartbeat as a text frame, or null (the default) for a WebSocket ping. */
    default String ping() {
        return null;
    }

    /** A frame to send before the connection is closed with this code, or null (the default). */
    default String farewell(CloseCode code) {
        return null;
    }

    /**
     * The channels the server subscribes a connection of this dialect to by itself as soon as it has this user (at the
     * handshake or by {@code authenticate}), besides its namespace's own: what its system sent to a user unasked.
     */
    default List<String> ownChannels(String user) {
        return List.of();
    }
}
