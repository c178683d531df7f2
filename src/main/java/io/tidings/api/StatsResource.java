package io.tidings.api;

import io.tidings.admin.ClusterStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/stats}: what the nodes hold and have done, for operators (admin only): their sums, and each node's
 * figures under {@code nodes}.
 */
@Path("stats")
@ApplicationScoped
public class StatsResource {

    private ClusterStats stats;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public StatsResource() {}

    @Inject
    public StatsResource(ClusterStats stats) {
        this.stats = stats;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String stats(@Context HttpServletRequest request) {
        // JAX-RS request properties are the servlet request's attributes in a servlet container
        if (!Boolean.TRUE.equals(request.getAttribute(ApiAuthFilter.ADMIN))) {
            throw new ApiException(Response.Status.FORBIDDEN, "forbidden", "role admin required");
        }
        return stats.stats().toString();
    }
}
