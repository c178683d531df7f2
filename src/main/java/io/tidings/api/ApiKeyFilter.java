package io.tidings.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets a request through only with the configured key, as {@code X-API-Key: KEY} or {@code Authorization: apikey KEY}.
 * Without a configured key every request is refused.
 */
@Provider
@ApplicationScoped
public class ApiKeyFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class.getName());
    private static final String SCHEME = "apikey ";
    private final LongAdder refused = new LongAdder();
    private Optional<String> apiKey;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public ApiKeyFilter() {
    }

    @Inject
    public ApiKeyFilter(@ConfigProperty(name = "tidings.api.key") Optional<String> apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (apiKey.isEmpty()) {
            LOG.warning("HTTP API call refused: tidings.api.key is not set");
        }
        if (apiKey.isEmpty() || !matches(presented(request), apiKey.get())) {
            refused.increment();
            request.abortWith(ApiException.response(Response.Status.UNAUTHORIZED, "unauthorized",
                    "missing or wrong credentials"));
        }
    }

    /** Requests refused for missing or wrong credentials. */
    public long refusedCount() {
        return refused.sum();
    }

    private static String presented(ContainerRequestContext request) {
        String key = request.getHeaderString("X-API-Key");
        if (key != null) {
            return key;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return authorization.substring(SCHEME.length()).trim();
        }
        return null;
    }

    /** Constant-time comparison, so response timing does not reveal the key. */
    private static boolean matches(String presented, String expected) {
        return presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
