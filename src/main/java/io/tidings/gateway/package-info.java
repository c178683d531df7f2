/**
 * The WebSocket edge: one thin {@code @ServerEndpoint} per namespace, the handshake, and the handling of the core
 * protocol frames (subscribe, unsubscribe, publish, ping) shared by every namespace.
 */
package io.tidings.gateway;
