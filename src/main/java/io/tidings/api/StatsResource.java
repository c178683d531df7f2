package io.tidings.api;

import io.tidings.auth.Authenticator;
import io.tidings.delivery.Publisher;
import io.tidings.session.DeliveryCounters;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/stats}: what this node holds and has done, for operators (admin only). */
@Path("stats")
@ApplicationScoped
public class StatsResource {

    private SessionRegistry registry;
    private Publisher publisher;
    private Authenticator authenticator;
    private ApiAuthFilter apiAuth;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public StatsResource() {}

    @Inject
    public StatsResource(
            SessionRegistry registry, Publisher publisher, Authenticator authenticator, ApiAuthFilter apiAuth) {
        this.registry = registry;
        this.publisher = publisher;
        this.authenticator = authenticator;
        this.apiAuth = apiAuth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String stats(@Context HttpServletRequest request) {
        // JAX-RS request properties are the servlet request's attributes in a servlet container
        if (!Boolean.TRUE.equals(request.getAttribute(ApiAuthFilter.ADMIN))) {
            throw new ApiException(Response.Status.FORBIDDEN, "forbidden", "role admin required");
        }
        DeliveryCounters counters = registry.counters();
        return Json.createObjectBuilder()
                .add("connections", registry.connectionCount())
                .add("users", registry.userCount())
                .add("channels", registry.channelCount())
                .add("published", publisher.publishedCount())
                .add("throttled", publisher.throttledCount())
                .add("droppedFrames", counters.droppedFrames())
                .add("conflatedEvents", counters.conflatedEvents())
                .add("slowConsumerCloses", counters.slowConsumerCloses())
                .add("authFailures", authenticator.failureCount())
                .add("apiRefused", apiAuth.refusedCount())
                .build()
                .toString();
    }
}
