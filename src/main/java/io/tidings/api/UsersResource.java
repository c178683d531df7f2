package io.tidings.api;

import io.tidings.admin.Disconnects;
import io.tidings.channel.UserId;
import io.tidings.presence.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.logging.Logger;

/**
 * {@code POST /api/users/{userId}/disconnect} closes every connection of that user with 4011, on every node; {@code GET
 * /api/users/{userId}/presence} tells whether the user is online on this node.
 */
@Path("users/{userId}")
@ApplicationScoped
public class UsersResource {

    private static final Logger LOG = Logger.getLogger(UsersResource.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    private Disconnects disconnects;
    private Presence presence;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public UsersResource() {}

    @Inject
    public UsersResource(Disconnects disconnects, Presence presence) {
        this.disconnects = disconnects;
        this.presence = presence;
    }

    /**
     * {@code {userId, online, connections, since}}: online from the first connection until the grace period after
     * the last; {@code since} (epoch ms, null when offline) does not change across a reconnect inside it.
     */
    @GET
    @Path("presence")
    @Produces(MediaType.APPLICATION_JSON)
    public String presence(@PathParam("userId") String userId) {
        checkUserId(userId);
        JsonObjectBuilder answer = JSON.createObjectBuilder().add("userId", userId);
        presence.user(userId)
                .ifPresentOrElse(
                        member -> answer.add("online", true)
                                .add("connections", member.connections())
                                .add("since", member.since()),
                        () -> answer.add("online", false).add("connections", 0).addNull("since"));
        return answer.build().toString();
    }

    /** Answers {@code {disconnected: N}}, the number of connections closed, on every node. */
    @POST
    @Path("disconnect")
    @Produces(MediaType.APPLICATION_JSON)
    public String disconnect(@PathParam("userId") String userId) {
        checkUserId(userId);
        int closed = disconnects.user(userId);
        LOG.info(() -> "The API disconnected " + closed + " connections of a user");
        return "{\"disconnected\":" + closed + "}";
    }

    private static void checkUserId(String userId) {
        if (!UserId.isValid(userId)) {
            throw ApiException.badRequest(UserId.RULE);
        }
    }
}
