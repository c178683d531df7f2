package io.tidings.admin;

import io.tidings.protocol.ServerFrames;
import io.tidings.protocol.VerbHandler;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Carries out the {@code /admin} verbs; only connections with role {@code admin} get here. */
@ApplicationScoped
public class AdminVerbs implements VerbHandler<Connection, AdminFrame> {

    private static final Logger LOG = Logger.getLogger(AdminVerbs.class.getName());

    private SessionRegistry registry;

    AdminVerbs() {}

    @Inject
    public AdminVerbs(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Class<AdminFrame> frameType() {
        return AdminFrame.class;
    }

    @Override
    public void handle(Connection admin, AdminFrame frame) {
        if (frame instanceof AdminFrame.Disconnect disconnect) {
            int closed = registry.disconnect(disconnect.userId());
            LOG.info(() -> "Admin " + admin.user() + " disconnected " + closed + " connections of a user");
            admin.send(ServerFrames.ack(disconnect.id()));
        }
    }
}
