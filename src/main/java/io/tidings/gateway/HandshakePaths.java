package io.tidings.gateway;

import java.util.List;

/**
 * The WebSocket paths of a client dialect with endpoints of its own (a bean per dialect): the {@link HandshakeFilter}
 * checks origin and connection rate there too, and tells the endpoint the client's address.
 */
public interface HandshakePaths {

    /** Paths under the WAR's context, each starting with {@code /}. */
    List<String> paths();
}
