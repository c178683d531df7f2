/**
 * The WebSocket edge: the {@link io.tidings.gateway.Namespace} list, the one programmatic endpoint per connection, the
 * handshake, admission, frame intake, the core verbs every namespace shares, heartbeats and the graceful stop.
 */
package io.tidings.gateway;
