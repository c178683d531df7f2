/**
 * Socket.IO v4 (Engine.IO protocol 4, Socket.IO protocol 5) as a dialect of the gateway: the engine endpoint, the
 * packet codec, and per namespace a small adapter from Socket.IO events to Tidings frames and back.
 */
package io.tidings.socketio;
