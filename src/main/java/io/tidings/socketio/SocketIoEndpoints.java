package io.tidings.socketio;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/** Registers the Engine.IO endpoint at {@code tidings.socketio.path}, found by the container when it scans the WAR. */
public class SocketIoEndpoints implements ServerApplicationConfig {

    /** The configured engine path, {@code /socket.io/} by default. */
    public static String path() {
        return ConfigProvider.getConfig()
                .getOptionalValue("tidings.socketio.path", String.class)
                .orElse("/socket.io/");
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of(ServerEndpointConfig.Builder.create(SocketIoEndpoint.class, path())
                .configurator(new SocketIoConfigurator())
                .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
