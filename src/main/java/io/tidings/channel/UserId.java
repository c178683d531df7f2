package io.tidings.channel;

import java.util.regex.Pattern;

/**
 * The grammar of a user id: 1 to 128 characters of {@code [A-Za-z0-9_.@=,-]}, one channel segment, so that every
 * channel built from it ({@code user:{id}:notifications}, {@code user:{id}:calls}, ...) is a valid channel name.
 * A token whose user is outside it is refused where tokens are accepted; user ids from clients and the HTTP API are
 * checked against it before use.
 */
public final class UserId {

    public static final int MAX_LENGTH = 128;

    /** What a refused user id is told, wherever it comes in. */
    public static final String RULE = "a user id is 1 to " + MAX_LENGTH + " characters of [A-Za-z0-9_.@=,-]";

    private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9_.@=,-]{1," + MAX_LENGTH + "}");

    private UserId() {}

    public static boolean isValid(String id) {
        return id != null && GRAMMAR.matcher(id).matches();
    }
}
