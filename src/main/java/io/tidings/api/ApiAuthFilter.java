package io.tidings.api;

import io.tidings.auth.Authenticator;
import io.tidings.auth.TokenException;
import io.tidings.auth.UserToken;
import io.tidings.channel.KnownChannels;
import io.tidings.gateway.ProxyRule;
import io.tidings.limits.AddressWindow;
import io.tidings.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets an API request through with the configured key ({@code X-API-Key: KEY} or {@code Authorization: apikey KEY})
 * or a JWT with role {@code publisher} or {@code admin} ({@code Authorization: Bearer JWT}). Missing or wrong
 * credentials are 401, a valid token without either role 403. The history of a public channel may also be read
 * without credentials, {@value #ANONYMOUS_READS_PER_MINUTE} times a minute per client address (then 429).
 */
@Provider
@ApplicationScoped
public class ApiAuthFilter implements ContainerRequestFilter {

    static final int ANONYMOUS_READS_PER_MINUTE = 120;

    private static final Logger LOG = Logger.getLogger(ApiAuthFilter.class.getName());
    private static final String API_KEY_SCHEME = "apikey ";
    private static final String BEARER_SCHEME = "Bearer ";

    private Optional<String> apiKey;
    private Authenticator authenticator;
    private Metrics metrics;
    private ProxyRule proxies;
    private KnownChannels channels;
    /** Reads of public history without credentials, per client address: an open endpoint is a bounded one. */
    private final AddressWindow anonymousReads = new AddressWindow(ANONYMOUS_READS_PER_MINUTE, 60_000);

    @Context
    HttpServletRequest servletRequest;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public ApiAuthFilter() {}

    @Inject
    public ApiAuthFilter(
            @ConfigProperty(name = "tidings.api.key") Optional<String> apiKey,
            Authenticator authenticator,
            Metrics metrics,
            ProxyRule proxies,
            KnownChannels channels) {
        this.apiKey = apiKey;
        this.channels = channels;
        this.authenticator = authenticator;
        this.metrics = metrics;
        this.proxies = proxies;
        if (apiKey.isEmpty()) {
            LOG.warning("tidings.api.key is not set: the HTTP API accepts only publisher tokens");
        }
    }

    /** Request property: true when the caller may use admin calls (the API key, or a token with role admin). */
    static final String ADMIN = "tidings.api.admin";

    /** Who is calling, as far as the API is concerned. */
    private enum Caller {
        /** No credentials, or wrong ones: 401. */
        UNKNOWN,
        /** A valid token without role {@code publisher} or {@code admin}: 403. */
        WITHOUT_ROLE,
        PUBLISHER,
        ADMIN
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (hasPathParameters(request)) {
            // the containers strip ";..." from a path segment before matching: /conversations/victim;x/members
            // would act on "victim" while the caller named something else
            request.abortWith(
                    ApiException.response(Response.Status.BAD_REQUEST, "bad_request", "a path may not contain ';'"));
            return;
        }
        Caller caller = caller(request);
        if (caller == Caller.UNKNOWN && readsPublicHistory(request)) {
            if (anonymousReads.over(proxies.clientAddress(servletRequest), System.currentTimeMillis())) {
                refuse(request, Response.Status.TOO_MANY_REQUESTS, "rate_limited", "too many reads, try again later");
                return;
            }
            anonymousReads.record(proxies.clientAddress(servletRequest), System.currentTimeMillis());
            request.setProperty(ADMIN, false);
            return;
        }
        switch (caller) {
            case UNKNOWN ->
                refuse(request, Response.Status.UNAUTHORIZED, "unauthorized", "missing or wrong credentials");
            case WITHOUT_ROLE ->
                refuse(request, Response.Status.FORBIDDEN, "forbidden", "role publisher or admin required");
            default -> request.setProperty(ADMIN, caller == Caller.ADMIN);
        }
    }

    /**
     * A request without credentials for the history of a public channel: what any anonymous subscriber may recover
     * with {@code since}, so a page can draw what came before it opened (the demo page's klines).
     */
    private boolean readsPublicHistory(ContainerRequestContext request) {
        if (!"GET".equals(request.getMethod())
                || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || request.getHeaderString("X-API-Key") != null
                || request.getUriInfo().getMatchedResources().stream().noneMatch(HistoryResource.class::isInstance)) {
            return false;
        }
        String channel = request.getUriInfo().getPathParameters().getFirst("channel");
        return channel != null && channels.isPublic(channel);
    }

    /** As the servlet container and as JAX-RS saw the path: either may be the one that kept the ';'. */
    private boolean hasPathParameters(ContainerRequestContext request) {
        return holdsSemicolon(servletRequest.getRequestURI())
                || holdsSemicolon(request.getUriInfo().getRequestUri().getRawPath());
    }

    private static boolean holdsSemicolon(String rawPath) {
        return rawPath != null
                && (rawPath.indexOf(';') >= 0
                        || rawPath.toLowerCase(Locale.ROOT).contains("%3b"));
    }

    private void refuse(ContainerRequestContext request, Response.Status status, String code, String message) {
        metrics.apiRefused();
        request.abortWith(ApiException.response(status, code, message));
    }

    private Caller caller(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER_SCHEME, 0, BEARER_SCHEME.length())) {
            try {
                UserToken user = authenticator.authenticateApi(
                        authorization.substring(BEARER_SCHEME.length()).trim(), proxies.clientAddress(servletRequest));
                if (user.hasRole("admin")) {
                    return Caller.ADMIN;
                }
                return user.hasRole("publisher") ? Caller.PUBLISHER : Caller.WITHOUT_ROLE;
            } catch (TokenException e) {
                return Caller.UNKNOWN;
            }
        }
        String key = request.getHeaderString("X-API-Key");
        if (key == null
                && authorization != null
                && authorization.regionMatches(true, 0, API_KEY_SCHEME, 0, API_KEY_SCHEME.length())) {
            key = authorization.substring(API_KEY_SCHEME.length()).trim();
        }
        boolean valid = apiKey.isPresent()
                && key != null
                && MessageDigest.isEqual( // constant time
                        key.getBytes(StandardCharsets.UTF_8), apiKey.get().getBytes(StandardCharsets.UTF_8));
        return valid ? Caller.ADMIN : Caller.UNKNOWN; // the API key is the backend's own: it may do everything
    }
}
