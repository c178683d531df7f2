package io.tidings.socketio;

import io.tidings.auth.Authenticator;
import io.tidings.auth.TokenException;
import io.tidings.auth.UserToken;
import io.tidings.gateway.FrameIntake;
import io.tidings.gateway.GatewayLimits;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every Engine.IO connection shares: the gateway it hands its namespaces to, token verification, the open
 * packet's figures (the heartbeat of {@code tidings.heartbeat.seconds}, {@code maxPayload} of the frame limit) and the
 * timer that closes a connection that connects no namespace in time.
 */
@ApplicationScoped
public class SocketIoEngine {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FrameIntake intake;
    private Authenticator authenticator;
    private GatewayLimits limits;
    private int heartbeatSeconds;
    private int pingTimeoutMillis;
    private int connectTimeoutSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    SocketIoEngine() {}

    @Inject
    public SocketIoEngine(
            FrameIntake intake,
            Authenticator authenticator,
            GatewayLimits limits,
            @ConfigProperty(name = "tidings.heartbeat.seconds") int heartbeatSeconds,
            @ConfigProperty(name = "tidings.socketio.ping.timeout.millis") int pingTimeoutMillis,
            @ConfigProperty(name = "tidings.auth.timeout.seconds") int connectTimeoutSeconds) {
        this.intake = intake;
        this.authenticator = authenticator;
        this.limits = limits;
        this.heartbeatSeconds = heartbeatSeconds;
        this.pingTimeoutMillis = pingTimeoutMillis;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    FrameIntake intake() {
        return intake;
    }

    /** The Engine.IO open packet of a new connection (WebSocket only for now: no upgrades). */
    String open(String sid) {
        return "0"
                + SocketIoDialect.JSON
                        .createObjectBuilder()
                        .add("sid", sid)
                        .add("upgrades", SocketIoDialect.JSON.createArrayBuilder())
                        .add("pingInterval", heartbeatSeconds * 1000L)
                        .add("pingTimeout", pingTimeoutMillis)
                        .add("maxPayload", limits.frameBytes())
                        .build();
    }

    /** The user of a token, or a {@link TokenException} saying why not (safe to show). */
    UserToken authenticate(String token, String address) throws TokenException {
        return authenticator.authenticate(token, address);
    }

    /** Runs {@code task} once the connect timeout has passed. */
    ScheduledFuture<?> afterConnectTimeout(Runnable task) {
        return scheduler.schedule(task, connectTimeoutSeconds, TimeUnit.SECONDS);
    }

    static String newSid() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
