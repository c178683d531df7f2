package io.tidings.socketio;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The paths the Engine.IO engine is served at, each for the clients of one kind: the path tells the dialect of a
 * namespace both serve ({@code /ws} is the exchange gateway's at the main path, the wallet app's at the wallet's).
 * The wallet's {@code /ws/} lives beside Tidings' own WebSocket endpoint {@code /ws} on both runtimes: Tyrus matches
 * paths segment by segment ({@code /ws/} ends with an empty one) and Undertow by the whole template, so neither takes
 * one for the other, and the polling servlet's exact mapping {@code /ws/} is not {@code /ws}.
 */
public enum EnginePath {
    /** {@code tidings.socketio.path}: every Socket.IO namespace. */
    MAIN("tidings.socketio.path", "/socket.io/"),
    /**
     * {@code tidings.socketio.wallet.path}: the wallet app's clients, whose engine path is their namespace {@code /ws}
     * ({@code io(url + "/ws", {path: "/ws"})} asks for {@code /ws/}); {@code none} turns it off.
     */
    WALLET("tidings.socketio.wallet.path", "none");

    private final String key;
    private final String fallback;

    EnginePath(String key, String fallback) {
        this.key = key;
        this.fallback = fallback;
    }

    /** The configured path, or null when this one is off (or is the main path already). */
    public String path() {
        String path = ConfigProvider.getConfig()
                .getOptionalValue(key, String.class)
                .orElse(fallback)
                .trim();
        if (path.isEmpty() || "none".equals(path) || this != MAIN && path.equals(MAIN.path())) {
            return null;
        }
        return path;
    }
}
