package io.tidings.api;

import io.tidings.channel.KnownChannels;
import io.tidings.presence.Presence;
import io.tidings.protocol.FrameDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/channels/{channel}/presence}: the users subscribed to the channel on this node, {@code {channel,
 * members: [{user, connections, since}]}} (e.g. {@code conversation:{id}}: the members there now).
 */
@Path("channels/{channel}/presence")
@ApplicationScoped
public class PresenceResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    private Presence presence;
    private KnownChannels channels;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public PresenceResource() {}

    @Inject
    public PresenceResource(Presence presence, KnownChannels channels) {
        this.presence = presence;
        this.channels = channels;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String members(@PathParam("channel") String channel) {
        if (!channels.knows(channel) || !presence.keepsPresence(channel)) {
            throw new ApiException(
                    Response.Status.BAD_REQUEST,
                    "invalid_channel",
                    "no presence for this channel: " + FrameDecoder.echo(channel));
        }
        JsonArrayBuilder members = JSON.createArrayBuilder();
        presence.members(channel).forEach(member -> members.add(Presence.member(member)));
        return JSON.createObjectBuilder()
                .add("channel", channel)
                .add("members", members)
                .build()
                .toString();
    }
}
