package io.tidings.socketio;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

/** Puts Engine.IO's long-polling at the engine path, beside its WebSocket endpoint ({@link SocketIoEndpoints}). */
@WebListener
public class SocketIoSetup implements ServletContextListener {

    @Inject
    SocketIoEngine engine;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletRegistration.Dynamic polling =
                event.getServletContext().addServlet("tidings-socketio-polling", new SocketIoPolling(engine));
        polling.setAsyncSupported(true);
        polling.addMapping(SocketIoEndpoints.path());
    }
}
