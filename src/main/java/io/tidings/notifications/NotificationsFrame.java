package io.tidings.notifications;

import io.tidings.protocol.ClientFrame;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameReader;
import java.util.Map;

/** The verbs only {@code /notifications} understands. */
public sealed interface NotificationsFrame extends ClientFrame {

    /** Type name to reader, for the namespace's decoder. */
    Map<String, FrameReader> READERS = Map.of(
            "notification:read",
            (id, o) -> new Read(id, FrameDecoder.string(o, "notificationId", id)),
            "notification:read-all",
            (id, o) -> new ReadAll(id));

    record Read(String id, String notificationId) implements NotificationsFrame {}

    record ReadAll(String id) implements NotificationsFrame {}
}
