package io.tidings.channel;

/** Who may subscribe to the channels of a pattern. */
public enum Access {
    /** Anyone, anonymous included. */
    PUBLIC,
    /** Only the user named in the {@code userId} segment, or role {@code admin}. */
    OWNER,
    /** A user whose token claims the address or position in the channel name. */
    CLAIM,
    /** Members of the conversation, as the backend set them. */
    MEMBERS,
    /** Those allowed on the inner channel. */
    PRESENCE,
    /** Only role {@code admin} (the monitor's feed). */
    ADMIN
}
