package io.tidings.protocol;

/** Who may send a verb. Every verb of every namespace declares one; it is checked before the frame is read. */
public enum VerbAccess {
    /** Any connection, also before it authenticated: {@code authenticate} and {@code ping}. */
    ANYONE,
    /** Whoever the namespace admits: anyone on {@code /ws}, a user on the user namespaces, an admin on {@code /admin}. */
    ADMITTED,
    /** A connection with a user. */
    USER,
    /** A connection whose user has role {@code admin}. */
    ADMIN
}
