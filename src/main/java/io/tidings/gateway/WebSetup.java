package io.tidings.gateway;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;

/** Puts the {@link HandshakeFilter} in front of every namespace's path, ahead of the container's upgrade. */
@WebListener
public class WebSetup implements ServletContextListener {

    @Inject
    OriginPolicy origins;

    @Inject
    ConnectionRate connectionRate;

    @Inject
    ProxyRule proxies;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        FilterRegistration.Dynamic filter = event.getServletContext()
                .addFilter("tidings-handshake", new HandshakeFilter(origins, connectionRate, proxies));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, Namespace.paths());
    }
}
