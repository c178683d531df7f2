package io.tidings.gateway;

import io.tidings.session.Connection;

/** A registered connection together with the namespace it connected to, held by its endpoint instance. */
public record Peer(Connection connection, Namespace namespace) {}
