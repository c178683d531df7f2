package io.tidings.analyzer;

import io.tidings.gateway.Compression;
import io.tidings.gateway.HandshakeConfigurator;
import io.tidings.gateway.Namespace;
import io.tidings.gateway.NamespaceEndpoint;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The market analyzer's dialect, declared once: its path ({@code tidings.analyzer.path}), the Tidings namespace its
 * connections are ({@code /ws}: its channels and rules), its frames out ({@link AnalyzerDialect}) and in ({@link
 * AnalyzerMessages}). Found by the container when it scans the WAR; the handshake is the namespaces' own.
 */
public class AnalyzerEndpoints implements ServerApplicationConfig {

    static final Namespace NAMESPACE = Namespace.WS;
    static final AnalyzerDialect DIALECT = new AnalyzerDialect();

    /** Its path under the WAR's context, {@code /analyzer/ws} by default. */
    static String path() {
        return ConfigProvider.getConfig()
                .getOptionalValue("tidings.analyzer.path", String.class)
                .orElse("/analyzer/ws");
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of(ServerEndpointConfig.Builder.create(NamespaceEndpoint.class, path())
                .configurator(new HandshakeConfigurator(
                        intake -> new NamespaceEndpoint(NAMESPACE, intake, DIALECT, AnalyzerMessages::toTidings)))
                .extensions(Compression.installed())
                .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
