package io.tidings.admin;

import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameReader;
import java.util.Map;

/** The verbs only {@code /admin} understands. */
public sealed interface AdminFrame extends ClientFrame {

    /** Type name to reader, for the namespace's decoder. */
    Map<String, FrameReader> READERS =
            Map.of("admin:disconnect", (id, o) -> new Disconnect(id, FrameDecoder.string(o, "userId", id)));

    /** Close every connection of a user on this node with 4011, as {@code POST /api/users/{id}/disconnect} does. */
    record Disconnect(String id, String userId) implements AdminFrame {}
}
