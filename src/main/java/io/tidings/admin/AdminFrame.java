package io.tidings.admin;

import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.Verb;
import io.tidings.protocol.VerbAccess;
import java.util.Map;

/** The verbs only {@code /admin} understands. */
public sealed interface AdminFrame extends ClientFrame {

    /** Type name to verb, for the namespace's decoder. */
    Map<String, Verb> VERBS = Map.of(
            "admin:disconnect",
            Verb.of(VerbAccess.ADMIN, (id, o) -> new Disconnect(id, FrameDecoder.userId(o, "userId", id))));

    /** Close every connection of a user on this node with 4011, as {@code POST /api/users/{id}/disconnect} does. */
    record Disconnect(String id, String userId) implements AdminFrame {}
}
