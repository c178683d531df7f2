package io.tidings.auth;

import io.tidings.lifecycle.TokenAccepted;
import io.tidings.lifecycle.TokenRefused;
import io.tidings.limits.AddressWindow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a presented token into a user, counting failures per client address and refusing an address that fails
 * too often. Keys come from the MicroProfile JWT settings and {@code tidings.jwt.secret}.
 */
@ApplicationScoped
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());

    private TokenVerifier verifier;
    private AddressWindow failures;
    private Event<Object> events;

    Authenticator() {}

    @Inject
    public Authenticator(
            @ConfigProperty(name = "tidings.jwt.secret") Optional<String> secret,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<String> audiences,
            @ConfigProperty(name = "tidings.jwt.clock.skew.seconds") int skewSeconds,
            @ConfigProperty(name = "tidings.jwt.jwks.refetch.min.seconds") int refetchMinSeconds,
            @ConfigProperty(name = "tidings.auth.failures.max") int maxFailures,
            @ConfigProperty(name = "tidings.auth.failures.window.seconds") int windowSeconds,
            Event<Object> events) {
        this.verifier = new TokenVerifier(
                secret,
                publicKey,
                keyLocation,
                issuer,
                audiences.map(Authenticator::list),
                skewSeconds,
                refetchMinSeconds);
        this.failures = new AddressWindow(maxFailures, windowSeconds * 1000L);
        this.events = events;
        if (!verifier.configured()) {
            LOG.warning("No JWT key configured (tidings.jwt.secret, mp.jwt.verify.publickey[.location]):"
                    + " every token is refused");
        }
    }

    /** A comma-separated setting as a list (Payara's MP Config cannot inject {@code Optional<List<String>>}). */
    public static List<String> list(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /**
     * @param address the client's address, for counting failures
     * @throws TokenException when the token is not accepted, or the address failed too often lately
     */
    public UserToken authenticate(String token, String address) throws TokenException {
        long now = System.currentTimeMillis();
        if (failures.over(address, now)) {
            events.fire(new TokenRefused("too many failed authentications"));
            throw new TokenException("too many failed authentications, try again later");
        }
        try {
            UserToken user = verifier.verify(token);
            events.fire(new TokenAccepted(user.getName()));
            return user;
        } catch (TokenException e) {
            failures.record(address, now);
            events.fire(new TokenRefused(e.getMessage()));
            throw e;
        }
    }

    /** Whether the address failed too often lately (its handshakes are refused with HTTP 429). */
    public boolean blocked(String address) {
        return failures.over(address, System.currentTimeMillis());
    }
}
