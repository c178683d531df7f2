package io.tidings.api;

import io.tidings.admin.ConnectionList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/connections?limit=N} (admin only): the connections of every node, at most {@code N} in all (default
 * and maximum 1000): node, id, namespace, user, client address and subscription count, plus the totals (see
 * {@link ConnectionList}).
 */
@Path("connections")
@ApplicationScoped
public class ConnectionsResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private static final int MAX_LIMIT = 1000;

    private ConnectionList connections;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public ConnectionsResource() {}

    @Inject
    public ConnectionsResource(ConnectionList connections) {
        this.connections = connections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String connections(@Context HttpServletRequest request, @QueryParam("limit") Integer limit) {
        if (!Boolean.TRUE.equals(request.getAttribute(ApiAuthFilter.ADMIN))) {
            throw new ApiException(Response.Status.FORBIDDEN, "forbidden", "role admin required");
        }
        int max = limit == null ? MAX_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be from 1 to " + MAX_LIMIT);
        }
        return connections.list(max).toString();
    }
}
