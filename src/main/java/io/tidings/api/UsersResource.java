package io.tidings.api;

import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.logging.Logger;

/** {@code POST /api/users/{userId}/disconnect}: closes every connection of that user with 4011. */
@Path("users/{userId}")
@ApplicationScoped
public class UsersResource {

    private static final Logger LOG = Logger.getLogger(UsersResource.class.getName());

    private SessionRegistry registry;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public UsersResource() {}

    @Inject
    public UsersResource(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Answers {@code {disconnected: N}}, the number of connections closed on this node. */
    @POST
    @Path("disconnect")
    @Produces(MediaType.APPLICATION_JSON)
    public String disconnect(@PathParam("userId") String userId) {
        int closed = registry.disconnect(userId);
        LOG.info(() -> "The API disconnected " + closed + " connections of a user");
        return "{\"disconnected\":" + closed + "}";
    }
}
