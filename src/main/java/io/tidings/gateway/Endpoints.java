package io.tidings.gateway;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Registers one {@link NamespaceEndpoint} per {@link Namespace}, found by the container when it scans the WAR. */
public class Endpoints implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Arrays.stream(Namespace.values())
                .map(namespace -> ServerEndpointConfig.Builder.create(NamespaceEndpoint.class, namespace.path())
                        .configurator(new HandshakeConfigurator(namespace))
                        .extensions(Compression.installed())
                        .build())
                .collect(Collectors.toSet());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
