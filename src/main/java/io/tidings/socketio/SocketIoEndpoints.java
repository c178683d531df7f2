package io.tidings.socketio;

import io.tidings.gateway.Compression;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers the Engine.IO endpoint at each {@link EnginePath} that is on, found by the container when it scans the
 * WAR.
 */
public class SocketIoEndpoints implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Arrays.stream(EnginePath.values())
                .filter(path -> path.path() != null)
                .map(path -> ServerEndpointConfig.Builder.create(SocketIoEndpoint.class, path.path())
                        .configurator(new SocketIoConfigurator(path))
                        .extensions(Compression.installed())
                        .build())
                .collect(Collectors.toSet());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
