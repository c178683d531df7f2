package io.tidings.gateway;

import io.tidings.admin.AdminFrame;
import io.tidings.admin.AdminVerbs;
import io.tidings.calls.CallsFrame;
import io.tidings.calls.CallsVerbs;
import io.tidings.channel.ChannelRules;
import io.tidings.messaging.MessagingFrame;
import io.tidings.messaging.MessagingVerbs;
import io.tidings.notifications.NotificationsFrame;
import io.tidings.notifications.NotificationsVerbs;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.Verb;
import io.tidings.protocol.VerbAccess;
import io.tidings.protocol.VerbHandler;
import java.util.Arrays;
import java.util.Map;

/**
 * The WebSocket namespaces, each declared once: its path, who may connect, its channels, the user's own channel it
 * subscribes to by itself, and its own verbs (frame readers and the bean that handles them). Endpoint registration,
 * the handshake filter, channel rules and frame decoding all follow this list. Adding a namespace is one entry here
 * and one handler class in its own package.
 */
public enum Namespace {
    WS("/ws", Requires.NOTHING, ChannelRules.market(), null, Map.of(), null),
    MESSAGING("/messaging", Requires.USER, ChannelRules.messaging(), null, MessagingFrame.VERBS, MessagingVerbs.class),
    NOTIFICATIONS(
            "/notifications",
            Requires.USER,
            ChannelRules.userStream("notifications"),
            "notifications",
            NotificationsFrame.VERBS,
            NotificationsVerbs.class),
    VIDEO_CALLS(
            "/video-calls",
            Requires.USER,
            ChannelRules.userStream("calls"),
            "calls",
            CallsFrame.VERBS,
            CallsVerbs.class),
    /** The monitor: its own feed, and every channel of every namespace. */
    ADMIN("/admin", Requires.ADMIN, ChannelRules.monitor(), null, AdminFrame.VERBS, AdminVerbs.class);

    /** What a connection must show, at the handshake or by {@code authenticate} within the auth timeout. */
    public enum Requires {
        NOTHING,
        USER,
        ADMIN
    }

    private final String path;
    private final Requires requires;
    private final ChannelRules rules;
    private final String ownStream;
    private final FrameDecoder decoder;
    private final Class<? extends VerbHandler<?, ?>> verbs;

    Namespace(
            String path,
            Requires requires,
            ChannelRules rules,
            String ownStream,
            Map<String, Verb> verbs,
            Class<? extends VerbHandler<?, ?>> handler) {
        this.path = path;
        this.requires = requires;
        this.rules = rules;
        this.ownStream = ownStream;
        this.decoder = FrameDecoder.coreAnd(verbs);
        this.verbs = handler;
    }

    public String path() {
        return path;
    }

    public Requires requires() {
        return requires;
    }

    /** What a verb open to whoever the namespace admits ({@link VerbAccess#ADMITTED}) asks of a connection here. */
    public VerbAccess admitted() {
        return switch (requires) {
            case NOTHING -> VerbAccess.ANYONE;
            case USER -> VerbAccess.USER;
            case ADMIN -> VerbAccess.ADMIN;
        };
    }

    /** The channels this namespace's connections may subscribe to. */
    public ChannelRules rules() {
        return this == ADMIN ? EveryChannel.RULES : rules;
    }

    /**
     * The channel a connection of this user is subscribed to as soon as it has a user ({@code user:{id}:{stream}}),
     * or null when the namespace subscribes nobody by itself.
     */
    public String ownChannel(String user) {
        return ownStream == null ? null : "user:" + user + ":" + ownStream;
    }

    /** Reads the core frames and this namespace's verbs; anything else is an unknown type. */
    public FrameDecoder decoder() {
        return decoder;
    }

    /** The bean handling this namespace's verbs, or null when it has none. */
    public Class<? extends VerbHandler<?, ?>> verbs() {
        return verbs;
    }

    public static String[] paths() {
        return Arrays.stream(values()).map(Namespace::path).toArray(String[]::new);
    }

    /** Every channel any namespace knows: what the HTTP API and the monitor may use. */
    public static ChannelRules everyChannel() {
        return EveryChannel.RULES;
    }

    private static final class EveryChannel {
        static final ChannelRules RULES = ChannelRules.union(
                Arrays.stream(values()).map(namespace -> namespace.rules).toList());
    }
}
