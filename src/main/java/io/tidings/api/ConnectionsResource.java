package io.tidings.api;

import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
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
 * {@code GET /api/connections?limit=N} (admin only): this node's connections, at most {@code N} (default and maximum
 * 1000): id, namespace, user, client address and subscription count, plus the total.
 */
@Path("connections")
@ApplicationScoped
public class ConnectionsResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private static final int MAX_LIMIT = 1000;

    private SessionRegistry registry;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public ConnectionsResource() {}

    @Inject
    public ConnectionsResource(SessionRegistry registry) {
        this.registry = registry;
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
        JsonArrayBuilder list = JSON.createArrayBuilder();
        int listed = 0;
        for (Connection connection : registry.connections()) {
            if (listed++ == max) {
                break;
            }
            JsonObjectBuilder entry = JSON.createObjectBuilder()
                    .add("id", connection.id())
                    .add("namespace", connection.namespace())
                    .add("address", connection.address())
                    .add("subscriptions", connection.subscriptionCount());
            if (connection.user() == null) {
                entry.addNull("user");
            } else {
                entry.add("user", connection.user());
            }
            list.add(entry);
        }
        return JSON.createObjectBuilder()
                .add("total", registry.connectionCount())
                .add("connections", list)
                .build()
                .toString();
    }
}
