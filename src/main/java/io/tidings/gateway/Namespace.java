package io.tidings.gateway;

import io.tidings.channel.ChannelRules;

/** The WebSocket namespaces, each one endpoint: who may connect and which channels it knows. */
public enum Namespace {
    WS("/ws", Requires.NOTHING, ChannelRules.market()),
    MESSAGING("/messaging", Requires.USER, ChannelRules.messaging()),
    NOTIFICATIONS("/notifications", Requires.USER, ChannelRules.userStream("notifications")),
    VIDEO_CALLS("/video-calls", Requires.USER, ChannelRules.userStream("calls")),
    ADMIN("/admin", Requires.ADMIN, ChannelRules.all());

    /** What a connection must show, at the handshake or by {@code authenticate} within the auth timeout. */
    public enum Requires {
        NOTHING,
        USER,
        ADMIN
    }

    private final String path;
    private final Requires requires;
    private final ChannelRules rules;

    Namespace(String path, Requires requires, ChannelRules rules) {
        this.path = path;
        this.requires = requires;
        this.rules = rules;
    }

    public String path() {
        return path;
    }

    public Requires requires() {
        return requires;
    }

    public ChannelRules rules() {
        return rules;
    }

    public static Namespace of(String path) {
        for (Namespace namespace : values()) {
            if (namespace.path.equals(path)) {
                return namespace;
            }
        }
        throw new IllegalArgumentException("no namespace " + path);
    }
}
