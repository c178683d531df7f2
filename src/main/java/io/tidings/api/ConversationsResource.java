package io.tidings.api;

import io.tidings.channel.UserId;
import io.tidings.messaging.Conversations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Conversation membership, the backend's truth: {@code PUT /api/conversations/{id}/members} with {@code {members:
 * [userId, ...]}} sets it (a member left out is unsubscribed at once), {@code GET} the same path lists it, {@code
 * DELETE /api/conversations/{id}} removes the conversation.
 */
@Path("conversations/{id}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    private Conversations conversations;
    private RequestBody body;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public ConversationsResource() {}

    @Inject
    public ConversationsResource(Conversations conversations, RequestBody body) {
        this.conversations = conversations;
        this.body = body;
    }

    @PUT
    @Path("members")
    public String setMembers(@PathParam("id") String id, @HeaderParam("Content-Type") String type, InputStream input) {
        checkId(id);
        JsonObject request = body.parse(type, input);
        if (!(request.get("members") instanceof JsonArray list)) {
            throw ApiException.badRequest("members must be an array of user ids");
        }
        if (list.size() > Conversations.MAX_MEMBERS) {
            throw ApiException.badRequest("at most " + Conversations.MAX_MEMBERS + " members");
        }
        Set<String> members = new LinkedHashSet<>();
        for (JsonValue member : list) {
            if (!(member instanceof JsonString s) || !UserId.isValid(s.getString())) {
                throw ApiException.badRequest("each member must be a user id: " + UserId.RULE);
            }
            members.add(s.getString());
        }
        try {
            conversations.setMembers(id, members);
        } catch (IllegalStateException full) {
            throw new ApiException(Response.Status.SERVICE_UNAVAILABLE, "unavailable", full.getMessage());
        }
        return listing(id, members);
    }

    @GET
    @Path("members")
    public String members(@PathParam("id") String id) {
        checkId(id);
        return listing(id, conversations.members(id));
    }

    @DELETE
    public String remove(@PathParam("id") String id) {
        checkId(id);
        if (!conversations.remove(id)) {
            throw new ApiException(Response.Status.NOT_FOUND, "not_found", "no such conversation");
        }
        return JSON.createObjectBuilder()
                .add("conversationId", id)
                .add("removed", true)
                .build()
                .toString();
    }

    private static String listing(String id, Set<String> members) {
        return JSON.createObjectBuilder()
                .add("conversationId", id)
                .add("members", JSON.createArrayBuilder(members))
                .build()
                .toString();
    }

    private static void checkId(String id) {
        if (!Conversations.isValidId(id)) {
            throw new ApiException(Response.Status.BAD_REQUEST, "invalid_channel", "not a valid conversation id");
        }
    }
}
