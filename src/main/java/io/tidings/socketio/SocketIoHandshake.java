package io.tidings.socketio;

/**
 * What the HTTP upgrade of an Engine.IO connection carried, for its endpoint.
 *
 * @param token the token of the {@code token} query parameter or the {@code Authorization} header, or null
 * @param address the client's address as the handshake filter saw it
 * @param version the {@code EIO} query parameter, or null
 * @param transport the {@code transport} query parameter, or null
 * @param sid the {@code sid} query parameter (an upgrade from polling), or null
 * @param path the engine path the request came on
 */
record SocketIoHandshake(String token, String address, String version, String transport, String sid, EnginePath path) {

    static final String KEY = "tidings.socketio.handshake";
}
