package io.tidings.cluster;

/**
 * How to publish.
 *
 * @param ephemeral no offset and no history: only subscribers connected now get it (typing, ICE candidates, unread
 *     counts)
 * @param excludeConnection the id of a connection that must not receive it (the sender), or null
 * @param excludeUser a user none of whose connections may receive it (the sender, on every tab), or null
 * @param idempotencyKey a key the publisher chose (at most 128 characters), or null: within the channel's history
 *     age, a second publication with the same key on the same channel is not published again and gets the first one's
 *     result
 */
public record PublishOptions(boolean ephemeral, String excludeConnection, String excludeUser, String idempotencyKey) {

    public static final int MAX_IDEMPOTENCY_KEY = 128;
    public static final PublishOptions NONE = new PublishOptions(false, null, null, null);

    public PublishOptions {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw new IllegalArgumentException("an idempotency key has 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
    }

    public PublishOptions asEphemeral() {
        return new PublishOptions(true, excludeConnection, excludeUser, idempotencyKey);
    }

    public PublishOptions excluding(String connection) {
        return new PublishOptions(ephemeral, connection, excludeUser, idempotencyKey);
    }

    public PublishOptions excludingUser(String user) {
        return new PublishOptions(ephemeral, excludeConnection, user, idempotencyKey);
    }

    public PublishOptions withIdempotencyKey(String key) {
        return new PublishOptions(ephemeral, excludeConnection, excludeUser, key);
    }

    /** Whether any connection or user is left out. */
    public boolean excludesAnyone() {
        return excludeConnection != null || excludeUser != null;
    }

    /** Whether a connection (of this user, null when anonymous) is left out. */
    public boolean excludes(String connection, String user) {
        return connection.equals(excludeConnection) || user != null && user.equals(excludeUser);
    }
}
