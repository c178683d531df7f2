package io.tidings.admin;

import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ServerFrames;
import io.tidings.protocol.VerbHandler;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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
            List<Connection> connections = List.copyOf(registry.connectionsOf(disconnect.userId()));
            connections.forEach(connection -> connection.close(CloseCode.DISCONNECTED));
            LOG.info(() -> "Admin " + admin.user() + " disconnected " + connections.size() + " connections of a user");
            admin.send(ServerFrames.ack(disconnect.id()));
        }
    }
}
