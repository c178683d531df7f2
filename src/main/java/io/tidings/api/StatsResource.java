package io.tidings.api;

import io.tidings.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/stats}: what this node holds and has done, for operators (admin only), read from its metrics. */
@Path("stats")
@ApplicationScoped
public class StatsResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    private Metrics metrics;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public StatsResource() {}

    @Inject
    public StatsResource(Metrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String stats(@Context HttpServletRequest request) {
        // JAX-RS request properties are the servlet request's attributes in a servlet container
        if (!Boolean.TRUE.equals(request.getAttribute(ApiAuthFilter.ADMIN))) {
            throw new ApiException(Response.Status.FORBIDDEN, "forbidden", "role admin required");
        }
        Metrics.Stats stats = metrics.stats();
        return JSON.createObjectBuilder()
                .add("connections", stats.connections())
                .add("users", stats.users())
                .add("channels", stats.channels())
                .add("published", stats.published())
                .add("throttled", stats.throttled())
                .add("deliveries", stats.deliveries())
                .add("droppedFrames", stats.droppedFrames())
                .add("conflatedEvents", stats.conflatedEvents())
                .add("slowConsumerCloses", stats.slowConsumerCloses())
                .add("authFailures", stats.authFailures())
                .add("apiRefused", stats.apiRefused())
                .build()
                .toString();
    }
}
