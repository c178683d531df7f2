package io.tidings.admin;

import io.tidings.cluster.Bus;
import io.tidings.cluster.BusUnavailableException;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.ServerFrames;
import io.tidings.protocol.VerbHandler;
import io.tidings.session.Connection;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Carries out the {@code /admin} verbs; only connections with role {@code admin} get here. */
@ApplicationScoped
public class AdminVerbs implements VerbHandler<Connection, AdminFrame> {

    private static final Logger LOG = Logger.getLogger(AdminVerbs.class.getName());

    private Disconnects disconnects;
    private Bus bus;

    @Resource
    ManagedExecutorService executor;

    AdminVerbs() {}

    @Inject
    public AdminVerbs(Disconnects disconnects, Bus bus) {
        this.disconnects = disconnects;
        this.bus = bus;
    }

    @Override
    public Class<AdminFrame> frameType() {
        return AdminFrame.class;
    }

    @Override
    public void handle(Connection admin, AdminFrame frame) {
        if (frame instanceof AdminFrame.Disconnect disconnect) {
            if (bus.store().isEmpty()) {
                disconnect(admin, disconnect); // one node: at once, so its ack comes before any later frame's answer
                return;
            }
            try {
                // every node answers through Redis: not on the I/O thread; its ack may come after later answers
                executor.execute(() -> disconnect(admin, disconnect));
            } catch (RejectedExecutionException e) {
                admin.sendError(disconnect.id(), ErrorCode.UNAVAILABLE, "temporarily unavailable, try again");
            }
        }
    }

    private void disconnect(Connection admin, AdminFrame.Disconnect disconnect) {
        try {
            int closed = disconnects.user(disconnect.userId());
            LOG.info(() -> "Admin " + admin.user() + " disconnected " + closed + " connections of a user");
            admin.send(ServerFrames.ack(disconnect.id()));
        } catch (BusUnavailableException e) {
            admin.sendError(disconnect.id(), ErrorCode.UNAVAILABLE, "temporarily unavailable, try again");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "admin:disconnect failed", e);
            admin.sendError(disconnect.id(), ErrorCode.INTERNAL, "disconnect failed, try again");
        }
    }
}
