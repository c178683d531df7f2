package io.tidings.gateway;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the {@link HandshakeFilter} in front of every namespace's path, the Socket.IO engine's (its main path and the
 * wallet app's) and the paths of the dialects with endpoints of their own (each named by a {@link HandshakePaths}
 * bean), ahead of the container's upgrade.
 */
@WebListener
public class WebSetup implements ServletContextListener {

    @Inject
    OriginPolicy origins;

    @Inject
    ConnectionRate connectionRate;

    @Inject
    ProxyRule proxies;

    @Inject
    GatewayLimits limits;

    @Inject
    @ConfigProperty(name = "tidings.socketio.path")
    String socketIoPath;

    @Inject
    @ConfigProperty(name = "tidings.socketio.wallet.path")
    Optional<String> walletPath;

    @Inject
    @ConfigProperty(name = "tidings.close.linger.seconds")
    int lingerSeconds;

    @Inject
    Instance<HandshakePaths> dialectPaths;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String[] enginePaths = Stream.concat(Stream.of(socketIoPath), walletPath.stream())
                .map(String::trim)
                .filter(path -> !path.isEmpty() && !"none".equals(path))
                .distinct()
                .toArray(String[]::new);
        FilterRegistration.Dynamic filter = event.getServletContext()
                .addFilter(
                        "tidings-handshake",
                        new HandshakeFilter(
                                origins,
                                connectionRate,
                                proxies,
                                scheduler,
                                lingerSeconds * 1000L,
                                limits.frameBytes(),
                                List.of(enginePaths)));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, Namespace.paths());
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, enginePaths);
        for (HandshakePaths paths : dialectPaths) {
            filter.addMappingForUrlPatterns(
                    EnumSet.of(DispatcherType.REQUEST), false, paths.paths().toArray(String[]::new));
        }
    }
}
