package io.tidings.socketio;

import io.tidings.auth.TokenSources;
import io.tidings.gateway.Compression;
import io.tidings.gateway.HandshakeFilter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The handshake adapter of the Engine.IO path: keeps what the upgrade request said for the endpoint (the token is
 * verified when the client connects a namespace, since it may come in the CONNECT packet instead) and makes the
 * endpoint instances. The {@code HandshakeFilter} has checked origin and address rate before.
 */
class SocketIoConfigurator extends ServerEndpointConfig.Configurator {

    private final EnginePath path;

    SocketIoConfigurator(EnginePath path) {
        this.path = path;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(
                new SocketIoEndpoint(CDI.current().select(SocketIoEngine.class).get()));
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return Compression.negotiate(installed, requested);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> query = request.getParameterMap();
        String address = TokenSources.header(request.getHeaders(), HandshakeFilter.ADDRESS_HEADER).stream()
                .findFirst()
                .orElse("unknown");
        config.getUserProperties()
                .put(
                        SocketIoHandshake.KEY,
                        new SocketIoHandshake(
                                TokenSources.find(query, request.getHeaders()).orElse(null),
                                address,
                                first(query, "EIO"),
                                first(query, "transport"),
                                first(query, "sid"),
                                path));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
