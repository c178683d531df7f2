package io.tidings.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The bounds on what clients may do, all from configuration (see docs/configuration.md). */
@ApplicationScoped
public class GatewayLimits {

    /**
     * The ceiling of {@code tidings.limits.frame.bytes}, fixed in the endpoints' {@code @OnMessage} so the server
     * itself refuses (1009) anything larger before buffering it; the configured limit is checked below it.
     */
    public static final int MAX_FRAME_BYTES = 1 << 20;

    private int frameBytes;
    private int subscriptions;
    private int connections;
    private int connectionsPerUser;
    private int rateTolerance;
    private int badFrameTolerance;

    GatewayLimits() {}

    @Inject
    public GatewayLimits(
            @ConfigProperty(name = "tidings.limits.frame.bytes") int frameBytes,
            @ConfigProperty(name = "tidings.limits.subscriptions") int subscriptions,
            @ConfigProperty(name = "tidings.limits.connections") int connections,
            @ConfigProperty(name = "tidings.limits.connections.per.user") int connectionsPerUser,
            @ConfigProperty(name = "tidings.limits.frames.tolerance") int rateTolerance,
            @ConfigProperty(name = "tidings.limits.bad.frames") int badFrameTolerance) {
        this.frameBytes = Math.min(frameBytes, MAX_FRAME_BYTES);
        this.subscriptions = subscriptions;
        this.connections = connections;
        this.connectionsPerUser = connectionsPerUser;
        this.rateTolerance = rateTolerance;
        this.badFrameTolerance = badFrameTolerance;
    }

    /** Largest client text frame; larger closes with 1009. */
    public int frameBytes() {
        return frameBytes;
    }

    public int subscriptions() {
        return subscriptions;
    }

    /** Open connections on this node; more are closed with 1013. */
    public int connections() {
        return connections;
    }

    public int connectionsPerUser() {
        return connectionsPerUser;
    }

    /** Frames refused in a row by the rate limit before the connection is closed with 4008. */
    public int rateTolerance() {
        return rateTolerance;
    }

    /** Malformed frames on one connection before it is closed with 1008. */
    public int badFrameTolerance() {
        return badFrameTolerance;
    }
}
