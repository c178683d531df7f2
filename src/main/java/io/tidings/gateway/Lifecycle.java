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
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    private SessionRegistry registry;
    private long flushMillis;
    private volatile boolean ready;

    Lifecycle() {
    }

    @Inject
    public Lifecycle(SessionRegistry registry, @ConfigProperty(name = "tidings.shutdown.flush.millis") long flushMillis) {
        this.registry = registry;
        this.flushMillis = flushMillis;
    }

    void started(@Observes @Initialized(ApplicationScoped.class) Object context) {
        ready = true;
    }

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context) throws InterruptedException {
        ready = false;
        long deadline = System.nanoTime() + flushMillis * 1_000_000;
        while (System.nanoTime() < deadline && !registry.connections().stream().allMatch(Connection::flushed)) {
            Thread.sleep(10); // waiting for queued frames to leave, bounded by the deadline
        }
        int count = registry.connectionCount();
        for (Connection connection : registry.connections()) {
            connection.closeNow(CloseCode.RESTARTING);
        }
        LOG.info(() -> "Closed " + count + " connections with 1012 on shutdown");
    }

    public boolean ready() {
        return ready;
    }
}
