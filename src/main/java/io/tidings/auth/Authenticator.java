package io.tidings.auth;

import io.tidings.lifecycle.TokenAccepted;
import io.tidings.lifecycle.TokenRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a presented token into a user. Tokens verified lately are known by their text and not verified again.
 * Failures are counted per client address, for sockets and for the HTTP API apart; past
 * {@code tidings.auth.failures.max} an address keeps a small budget of verifications (a valid token from it still
 * gets through; anonymous connections are not affected) and its other attempts are refused without verifying them.
 * Keys come from the MicroProfile JWT settings and {@code tidings.jwt.secret}.
 */
@ApplicationScoped
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());

    private TokenVerifier verifier;
    /** Verifications per second left to an address past its failure limit, and their burst. */
    private static final double BUDGET_PER_SECOND = 2;

    private static final double BUDGET_BURST = 20;
    private static final int VERIFIED_CAPACITY = 10_000;
    private static final long VERIFIED_MAX_AGE_MILLIS = 5 * 60_000;

    private FailureLimiter socketFailures;
    private FailureLimiter apiFailures;
    private VerifiedTokens verified;
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
        this.socketFailures = new FailureLimiter(maxFailures, windowSeconds * 1000L, BUDGET_PER_SECOND, BUDGET_BURST);
        this.apiFailures = new FailureLimiter(maxFailures, windowSeconds * 1000L, BUDGET_PER_SECOND, BUDGET_BURST);
        this.verified = new VerifiedTokens(VERIFIED_CAPACITY, VERIFIED_MAX_AGE_MILLIS);
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
     * A token presented on a WebSocket (at the handshake or by {@code authenticate}).
     *
     * @param address the client's address, for counting failures
     * @throws TokenException when the token is not accepted, or its address failed too often lately and has no
     *     verification left this second
     */
    public UserToken authenticate(String token, String address) throws TokenException {
        return authenticate(token, address, socketFailures);
    }

    /** A token presented to the HTTP API, whose failures are counted apart from the sockets'. */
    public UserToken authenticateApi(String token, String address) throws TokenException {
        return authenticate(token, address, apiFailures);
    }

    private UserToken authenticate(String token, String address, FailureLimiter limiter) throws TokenException {
        long now = System.currentTimeMillis();
        UserToken known = verified.get(token, now);
        if (known != null) {
            events.fire(new TokenAccepted(known.getName()));
            return known;
        }
        if (!limiter.mayVerify(address, now)) {
            events.fire(new TokenRefused("too many failed authentications"));
            throw new TokenException("too many failed authentications, try again later");
        }
        try {
            UserToken user = verifier.verify(token);
            verified.put(token, user, now);
            events.fire(new TokenAccepted(user.getName()));
            return user;
        } catch (TokenException e) {
            limiter.failed(address, now);
            events.fire(new TokenRefused(e.getMessage()));
            throw e;
        }
    }
}
