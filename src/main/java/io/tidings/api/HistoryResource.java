package io.tidings.api;

import io.tidings.channel.KnownChannels;
import io.tidings.cluster.Bus;
import io.tidings.cluster.Entry;
import io.tidings.cluster.History;
import io.tidings.protocol.FrameDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/channels/{channel}/history?since=N&limit=M}: the kept events after offset {@code since} (default 0:
 * all kept), oldest first, at most {@code limit} (default and maximum 1000), as the {@code event} frames clients got.
 */
@Path("channels/{channel}/history")
@ApplicationScoped
public class HistoryResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    static final int MAX_LIMIT = 1000;

    private Bus bus;
    private KnownChannels channels;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public HistoryResource() {}

    @Inject
    public HistoryResource(Bus bus, KnownChannels channels) {
        this.bus = bus;
        this.channels = channels;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String history(
            @PathParam("channel") String channel,
            @QueryParam("since") String since,
            @QueryParam("limit") String limit) {
        if (!channels.knows(channel)) {
            throw new ApiException(
                    Response.Status.BAD_REQUEST,
                    "invalid_channel",
                    "unknown or malformed channel: " + FrameDecoder.echo(channel));
        }
        History history = bus.history(channel, number(since, "since", 0, 0, Long.MAX_VALUE), (int)
                number(limit, "limit", MAX_LIMIT, 1, MAX_LIMIT));
        // the kept frames are JSON already: joined, not parsed again
        StringBuilder events = new StringBuilder("[");
        for (Entry entry : history.events()) {
            events.append(events.length() > 1 ? "," : "").append(entry.frame());
        }
        String head = JSON.createObjectBuilder()
                .add("channel", channel)
                .add("offset", history.position().offset())
                .add("epoch", history.position().epoch())
                .add("complete", history.complete())
                .build()
                .toString();
        return head.substring(0, head.length() - 1) + ",\"events\":" + events.append(']') + '}';
    }

    /** The query parameter as a number from {@code min} to {@code max}, {@code absent} when not given. */
    private static long number(String value, String name, long absent, long min, long max) {
        if (value == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be an integer from " + min + " to " + max);
    }
}
