package io.tidings.auth;

/** A token that cannot be accepted. The message is safe to show a client: it never contains the token. */
public class TokenException extends Exception {

    public TokenException(String message) {
        super(message, null, false, false);
    }
}
