package io.tidings.session;

import jakarta.websocket.Session;
import java.util.logging.Logger;

/**
 * Picks, once per process, how connections send frames shared by many recipients: Undertow's own byte path on
 * WildFly, Tyrus's raw frames on Payara, the portable {@code sendText} elsewhere or when
 * {@code tidings.delivery.portable-send=true} (a system property). Each runtime's writer is its own class, named only
 * in the branch that found that runtime, so the other runtime never loads it.
 */
final class TextWriters {

    /** The system property that turns the runtimes' own paths off. */
    static final String PORTABLE_PROPERTY = "tidings.delivery.portable-send";

    enum Kind {
        UNDERTOW,
        TYRUS,
        PORTABLE
    }

    private static final Logger LOG = Logger.getLogger(TextWriters.class.getName());
    private static final Kind KIND = detect();

    private TextWriters() {}

    /** The writer for a new connection. */
    static TextWriter of(Session session) {
        return switch (KIND) {
            case UNDERTOW -> UndertowTextWriter.of(session);
            case TYRUS -> TyrusTextWriter.of(session);
            case PORTABLE -> new PortableTextWriter(session.getAsyncRemote());
        };
    }

    static Kind kind() {
        return KIND;
    }

    private static Kind detect() {
        Kind kind;
        if (Boolean.getBoolean(PORTABLE_PROPERTY)) {
            kind = Kind.PORTABLE;
        } else if (present(UndertowTextWriter.SESSION_CLASS)) {
            kind = Kind.UNDERTOW;
        } else if (present(TyrusTextWriter.ENDPOINT_CLASS) && tyrusUsable()) {
            kind = Kind.TYRUS;
        } else {
            kind = Kind.PORTABLE;
        }
        LOG.info(() -> "Shared frames are sent by the " + kind.name().toLowerCase() + " writer");
        return kind;
    }

    private static boolean tyrusUsable() {
        try {
            return TyrusTextWriter.usable();
        } catch (LinkageError e) {
            return false;
        }
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, TextWriters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
