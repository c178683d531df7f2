package io.tidings.socketio;

import io.tidings.gateway.Namespace;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Socket.IO namespaces, each declared once: the namespace a client connects to, the engine path it is served at,
 * the Tidings namespace it is, and the dialect that translates its frames: the exchange gateway's on {@code /ws}, the
 * messaging app's on {@code /messaging}, {@code /notifications} and {@code /video-calls}, and the wallet app's on
 * {@code /ws} at the wallet's engine path.
 */
public enum SocketIoNamespace {
    WS(Namespace.WS, EnginePath.MAIN, new ExchangeDialect()),
    MESSAGING(Namespace.MESSAGING, EnginePath.MAIN, new MessagingAppDialect("/messaging")),
    NOTIFICATIONS(Namespace.NOTIFICATIONS, EnginePath.MAIN, new MessagingAppDialect("/notifications")),
    VIDEO_CALLS(Namespace.VIDEO_CALLS, EnginePath.MAIN, new MessagingAppDialect("/video-calls")),
    WALLET(Namespace.WS, EnginePath.WALLET, new WalletDialect());

    private final Namespace tidings;
    private final EnginePath path;
    private final SocketIoDialect dialect;

    SocketIoNamespace(Namespace tidings, EnginePath path, SocketIoDialect dialect) {
        this.tidings = tidings;
        this.path = path;
        this.dialect = dialect;
    }

    public Namespace tidings() {
        return tidings;
    }

    public SocketIoDialect dialect() {
        return dialect;
    }

    /** The namespace a CONNECT at the main engine path names, if it is one of these. */
    public static Optional<SocketIoNamespace> named(String name) {
        return named(name, EnginePath.MAIN);
    }

    /** The namespace a CONNECT at this engine path names, if it is one of these. */
    public static Optional<SocketIoNamespace> named(String name, EnginePath path) {
        return Arrays.stream(values())
                .filter(namespace ->
                        namespace.path == path && namespace.dialect.namespace().equals(name))
                .findFirst();
    }
}
