package io.tidings.socketio;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

/** Puts Engine.IO's long-polling at each engine path, beside its WebSocket endpoint ({@link SocketIoEndpoints}). */
@WebListener
public class SocketIoSetup implements ServletContextListener {

    @Inject
    SocketIoEngine engine;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        for (EnginePath path : EnginePath.values()) {
            if (path.path() != null) {
                ServletRegistration.Dynamic polling = event.getServletContext()
                        .addServlet("tidings-socketio-polling-" + path.name(), new SocketIoPolling(engine, path));
                polling.setAsyncSupported(true);
                polling.addMapping(path.path());
            }
        }
    }
}
