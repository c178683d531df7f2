package io.tidings.session;

import jakarta.websocket.Session;
import java.util.logging.Logger;

/**
 * Picks, once per process, how connections send frames shared by many recipients. The system property
 * {@code tidings.delivery.text-writer}: {@code default} (or {@code runtime}) takes the runtime's own path wherever
 * there is one: Tyrus's raw frames on Payara (half the CPU per delivery), Undertow's byte send on WildFly (whose
 * gathered writes of several queued frames carried 1.3-2x the deliveries of one-frame-per-message clients); {@code
 * portable} takes the portable {@code sendText} everywhere. Each runtime's writer is its own class, named only in the
 * branch that found that runtime, so the other runtime never loads it.
 */
final class TextWriters {

    /** The system property that picks the writers. */
    static final String PROPERTY = "tidings.delivery.text-writer";

    enum Kind {
        UNDERTOW,
        TYRUS,
        PORTABLE
    }

    private static final Logger LOG = Logger.getLogger(TextWriters.class.getName());
    private static final Kind KIND = detect();
    /** Payara's Tyrus, whose sends want the platform loader ({@link PlatformLoaderTextWriter}). */
    private static final boolean TYRUS = present(TyrusTextWriter.ENDPOINT_CLASS);

    private TextWriters() {}

    /**
     * The writer of a connection on this wire: the runtime's for a connection's own session, the wire's own sends
     * for a share of one (a Socket.IO namespace socket, whose frames its engine frames again).
     */
    static TextWriter of(Wire wire) {
        return wire instanceof Wire.Own own ? of(own.session()) : onTyrus(new WireTextWriter(wire));
    }

    /** The writer for a new connection's own session. */
    static TextWriter of(Session session) {
        return switch (KIND) {
            case UNDERTOW -> UndertowTextWriter.of(session);
            case TYRUS -> onTyrus(TyrusTextWriter.of(session));
            case PORTABLE -> onTyrus(new PortableTextWriter(session.getAsyncRemote()));
        };
    }

    /**
     * On Payara every send swaps the context loader, raw frames too (without it they measured slower there); on
     * WildFly none does (7% more deliveries without it: docs/benchmarks.md, "Per-send work").
     */
    static TextWriter onTyrus(TextWriter writer) {
        return TYRUS ? new PlatformLoaderTextWriter(writer) : writer;
    }

    static Kind kind() {
        return KIND;
    }

    /** The writers for a value of {@link #PROPERTY}, given the runtime found. */
    static Kind choose(String mode, boolean undertow, boolean tyrus) {
        if (mode.equals("portable")) {
            return Kind.PORTABLE;
        }
        return undertow ? Kind.UNDERTOW : tyrus ? Kind.TYRUS : Kind.PORTABLE;
    }

    private static Kind detect() {
        String mode = System.getProperty(PROPERTY, "default");
        if (!mode.equals("default") && !mode.equals("runtime") && !mode.equals("portable")) {
            LOG.warning(() -> PROPERTY + "=" + mode + " is none of default, runtime, portable: default taken");
        }
        boolean undertow = present(UndertowTextWriter.SESSION_CLASS);
        boolean tyrus = !undertow && present(TyrusTextWriter.ENDPOINT_CLASS) && tyrusUsable();
        Kind kind = choose(mode, undertow, tyrus);
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
