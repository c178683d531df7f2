package io.tidings.notifications;

import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.Verb;
import io.tidings.protocol.VerbAccess;
import java.util.Map;

/** The verbs only {@code /notifications} understands. */
public sealed interface NotificationsFrame extends ClientFrame {

    /** Type name to verb, for the namespace's decoder. */
    Map<String, Verb> VERBS = Map.of(
            "notification:read",
            Verb.of(VerbAccess.USER, (id, o) -> new Read(id, FrameDecoder.string(o, "notificationId", id))),
            "notification:read-all",
            Verb.of(VerbAccess.USER, (id, o) -> new ReadAll(id)));

    record Read(String id, String notificationId) implements NotificationsFrame {}

    record ReadAll(String id) implements NotificationsFrame {}
}
