package io.tidings.api;

import io.tidings.channel.KnownChannels;
import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.protocol.FrameDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/publish}, {@code POST /api/broadcast} and {@code POST /api/publish/batch}: backends publishing
 * events to channels.
 */
@Path("/")
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    private static final int MAX_BROADCAST_CHANNELS = 1000;
    private static final int MAX_BATCH = 1000;

    private Publisher publisher;
    private KnownChannels channels;
    private RequestBody body;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public PublishResource() {}

    @Inject
    public PublishResource(Publisher publisher, KnownChannels channels, RequestBody body) {
        this.publisher = publisher;
        this.channels = channels;
        this.body = body;
    }

    /**
     * One publication. With an {@code Idempotency-Key} header, a retry of the same publication (same channel and key,
     * within the channel's history age) publishes nothing and answers the first result again.
     */
    @POST
    @Path("publish")
    public String postPublish(
            @HeaderParam("Content-Type") String type,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            InputStream input) {
        JsonObject request = body.parse(type, input);
        Publication publication = publication(string(request, "channel"), request);
        if (idempotencyKey != null) {
            if (idempotencyKey.isEmpty() || idempotencyKey.length() > PublishOptions.MAX_IDEMPOTENCY_KEY) {
                throw ApiException.badRequest(
                        "Idempotency-Key must have 1 to " + PublishOptions.MAX_IDEMPOTENCY_KEY + " characters");
            }
            publication = publication.with(publication.options().withIdempotencyKey(idempotencyKey));
        }
        return result(publisher.submit(publication)).build().toString();
    }

    /** An extension for backends that publish in bulk: {@code {publications: [{channel, event, data}, ...]}}. */
    @POST
    @Path("publish/batch")
    public String postBatch(@HeaderParam("Content-Type") String type, InputStream input) {
        JsonValue publications = body.parse(type, input).get("publications");
        if (publications == null
                || publications.getValueType() != JsonValue.ValueType.ARRAY
                || publications.asJsonArray().isEmpty()
                || publications.asJsonArray().size() > MAX_BATCH) {
            throw ApiException.badRequest("field publications must be an array of 1 to " + MAX_BATCH + " objects");
        }
        List<Publication> checked = new ArrayList<>();
        for (JsonValue value : publications.asJsonArray()) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiException.badRequest("each publication must be an object {channel, event, data}");
            }
            JsonObject request = value.asJsonObject();
            checked.add(publication(string(request, "channel"), request));
        }
        return submitAll(checked);
    }

    @POST
    @Path("broadcast")
    public String postBroadcast(@HeaderParam("Content-Type") String type, InputStream input) {
        JsonObject request = body.parse(type, input);
        JsonValue names = request.get("channels");
        if (names == null || names.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ApiException.badRequest("field channels must be an array of channel names");
        }
        List<String> list = new ArrayList<>();
        for (JsonValue value : names.asJsonArray()) {
            if (!(value instanceof JsonString name)) {
                throw ApiException.badRequest("field channels must be an array of channel names");
            }
            list.add(name.getString());
        }
        if (list.isEmpty() || list.size() > MAX_BROADCAST_CHANNELS) {
            throw ApiException.badRequest("channels must hold 1 to " + MAX_BROADCAST_CHANNELS + " names");
        }
        List<Publication> checked = new ArrayList<>();
        for (String channel : list) {
            checked.add(publication(channel, request));
        }
        return submitAll(checked);
    }

    /** Submits publications that were all checked first, so a bad one publishes none. */
    private String submitAll(List<Publication> checked) {
        JsonArrayBuilder results = JSON.createArrayBuilder();
        for (Publication publication : checked) {
            results.add(result(publisher.submit(publication)).add("channel", publication.channel()));
        }
        return JSON.createObjectBuilder().add("results", results).build().toString();
    }

    private static JsonObjectBuilder result(Publisher.Submitted submitted) {
        JsonObjectBuilder result = JSON.createObjectBuilder();
        if (submitted.position() == null) {
            result.add("ephemeral", true);
        } else {
            result.add("offset", submitted.position().offset())
                    .add("epoch", submitted.position().epoch());
        }
        if (submitted.throttled()) {
            result.add("throttled", true);
        }
        if (submitted.repeated()) {
            result.add("repeated", true);
        }
        return result;
    }

    /** The publication a request asks for, or the API error saying what is wrong with it. */
    private Publication publication(String channel, JsonObject request) {
        if (!channels.knows(channel)) {
            throw new ApiException(
                    Response.Status.BAD_REQUEST,
                    "invalid_channel",
                    "unknown or malformed channel: " + FrameDecoder.echo(channel));
        }
        String event = string(request, "event");
        if (!Publisher.isEventName(event)) {
            throw ApiException.badRequest(Publisher.EVENT_NAME_RULE);
        }
        JsonValue data = request.get("data");
        if (data == null || data.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("field data must be an object");
        }
        JsonValue ephemeral = request.get("ephemeral");
        if (ephemeral != null && ephemeral != JsonValue.TRUE && ephemeral != JsonValue.FALSE) {
            throw ApiException.badRequest("field ephemeral must be true or false");
        }
        Publication publication = Publication.now(channel, event, data.asJsonObject());
        return ephemeral == JsonValue.TRUE ? publication.with(PublishOptions.NONE.asEphemeral()) : publication;
    }

    static String string(JsonObject request, String field) {
        JsonValue value = request.get(field);
        if (!(value instanceof JsonString s)) {
            throw ApiException.badRequest("field " + field + " must be a string");
        }
        return s.getString();
    }
}
