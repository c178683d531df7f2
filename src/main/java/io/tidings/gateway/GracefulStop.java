package io.tidings.gateway;

import io.tidings.protocol.CloseCode;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Readiness, and the graceful stop: on undeploy or shutdown every connection gets what is already queued for it
 * (within a bounded time) and is then closed with 1012, so clients reconnect, to another node if there is one.
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = Logger.getLogger(GracefulStop.class.getName());
    private static final long CLOSE_WAIT_NANOS = 1_000_000_000L;

    private SessionRegistry registry;
    private long flushMillis;
    private volatile boolean ready;
    private boolean stopped;
    /**
     * On a stop signal the server's own shutdown may drop connections without a close frame; this hook starts
     * closing them with 1012 at the same moment. Removed on stop, so an undeployed application is not kept alive.
     */
    private final Thread stopOnSignal = new Thread(this::stop, "tidings-stop");

    GracefulStop() {}

    @Inject
    public GracefulStop(
            SessionRegistry registry, @ConfigProperty(name = "tidings.shutdown.flush.millis") long flushMillis) {
        this.registry = registry;
        this.flushMillis = flushMillis;
    }

    void started(@Observes @Initialized(ApplicationScoped.class) Object context) {
        ready = true;
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
    }

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) {
        stop();
    }

    /**
     * Flushes and closes every connection with 1012; later calls do nothing. Called when the health servlet is
     * destroyed (before the server closes WebSockets itself, with 1001), and again, as a fallback, when the CDI
     * application context is destroyed.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        ready = false;
        forgetShutdownHook();
        long deadline = System.nanoTime() + flushMillis * 1_000_000;
        awaitUntil(deadline, () -> registry.connections().stream().allMatch(Connection::flushed));
        int count = registry.connectionCount();
        for (Connection connection : registry.connections()) {
            connection.closeNow(CloseCode.RESTARTING);
        }
        // A stopping JVM may exit before close frames leave: wait (bounded) for the clients' close replies.
        awaitUntil(System.nanoTime() + CLOSE_WAIT_NANOS, () -> registry.connectionCount() == 0);
        LOG.info(() -> "Closed " + count + " connections with 1012 on shutdown");
    }

    private void forgetShutdownHook() {
        if (Thread.currentThread() == stopOnSignal) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is already shutting down, or the hook was never added
        }
    }

    private static void awaitUntil(long deadline, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // shutdown only: polling a condition with a bounded deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ready: started and not stopping. New connections are refused (1012) once this is false. */
    public boolean ready() {
        return ready;
    }
}
