package io.tidings.game;

import io.tidings.gateway.Compression;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Registers the trading game's endpoint, each of its services at {@code tidings.game.path} followed by the service's
 * own path (today {@code /token-data}), found by the container when it scans the WAR.
 */
public class TradingGameEndpoints implements ServerApplicationConfig {

    /** The service whose frames the game's document gives: token data. */
    static final String TOKEN_DATA = "/token-data";

    /** The token-data endpoint's path under the WAR's context, {@code /api/v69/ws/token-data} by default. */
    static String tokenDataPath() {
        String prefix = ConfigProvider.getConfig()
                .getOptionalValue("tidings.game.path", String.class)
                .orElse("/api/v69/ws");
        return withoutTrailingSlash(prefix) + TOKEN_DATA;
    }

    static String withoutTrailingSlash(String prefix) {
        String path = prefix.startsWith("/") ? prefix : "/" + prefix;
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of(ServerEndpointConfig.Builder.create(TradingGameEndpoint.class, tokenDataPath())
                .configurator(new TradingGameConfigurator())
                .extensions(Compression.installed())
                .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
