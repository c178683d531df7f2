package io.tidings.gateway;

import io.tidings.auth.UserToken;

/**
 * What the handshake learned, handed to the endpoint in the connection's user properties.
 *
 * @param user the verified user, or null when no token was presented (or it was rejected)
 * @param rejection why a presented token was refused (safe to show), or null
 * @param address the client's address as the servlet container saw it
 */
public record Handshake(UserToken user, String rejection, String address) {

    static final String KEY = "tidings.handshake";
}
