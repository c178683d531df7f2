package io.tidings.socketio;

import io.tidings.gateway.Namespace;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Socket.IO namespaces, each declared once: the namespace a client connects to, the Tidings namespace it is, and
 * the dialect that translates its frames. {@code /messaging}, {@code /notifications} and {@code /video-calls} speak
 * the default mapping until the messaging app's own names and shapes have their dialect.
 */
public enum SocketIoNamespace {
    WS(Namespace.WS, new ExchangeDialect()),
    MESSAGING(Namespace.MESSAGING, new SocketIoDialect("/messaging")),
    NOTIFICATIONS(Namespace.NOTIFICATIONS, new SocketIoDialect("/notifications")),
    VIDEO_CALLS(Namespace.VIDEO_CALLS, new SocketIoDialect("/video-calls"));

    private final Namespace tidings;
    private final SocketIoDialect dialect;

    SocketIoNamespace(Namespace tidings, SocketIoDialect dialect) {
        this.tidings = tidings;
        this.dialect = dialect;
    }

    public Namespace tidings() {
        return tidings;
    }

    public SocketIoDialect dialect() {
        return dialect;
    }

    /** The namespace a CONNECT names, if it is one of these. */
    public static Optional<SocketIoNamespace> named(String name) {
        return Arrays.stream(values())
                .filter(namespace -> namespace.dialect.namespace().equals(name))
                .findFirst();
    }
}
