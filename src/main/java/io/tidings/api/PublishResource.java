package io.tidings.api;

import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.protocol.FrameDecoder;
import io.tidings.protocol.FrameException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/publish}, {@code POST /api/broadcast} and {@code POST /api/publish/batch}: backends publishing
 * events to channels.
 */
@Path("/")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    private static final int MAX_BROADCAST_CHANNELS = 1000;
    private static final int MAX_BATCH = 1000;

    private Publisher publisher;
    private int maxBodyBytes;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public PublishResource() {}

    @Inject
    public PublishResource(
            Publisher publisher, @ConfigProperty(name = "tidings.limits.http.body.bytes") int maxBodyBytes) {
        this.publisher = publisher;
        this.maxBodyBytes = maxBodyBytes;
    }

    @POST
    @Path("publish")
    public String publish(InputStream body) {
        JsonObject request = parse(body);
        return result(publisher.publish(publication(string(request, "channel"), request)))
                .build()
                .toString();
    }

    /** An extension for backends that publish in bulk: {@code {publications: [{channel, event, data}, ...]}}. */
    @POST
    @Path("publish/batch")
    public String publishBatch(InputStream body) {
        JsonValue publications = parse(body).get("publications");
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
        return publishAll(checked);
    }

    @POST
    @Path("broadcast")
    public String broadcast(InputStream body) {
        JsonObject request = parse(body);
        JsonValue channels = request.get("channels");
        if (channels == null || channels.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ApiException.badRequest("field channels must be an array of channel names");
        }
        List<String> names = new ArrayList<>();
        for (JsonValue value : channels.asJsonArray()) {
            if (!(value instanceof JsonString name)) {
                throw ApiException.badRequest("field channels must be an array of channel names");
            }
            names.add(name.getString());
        }
        if (names.isEmpty() || names.size() > MAX_BROADCAST_CHANNELS) {
            throw ApiException.badRequest("channels must hold 1 to " + MAX_BROADCAST_CHANNELS + " names");
        }
        List<Publication> checked = new ArrayList<>();
        for (String channel : names) {
            checked.add(publication(channel, request));
        }
        return publishAll(checked);
    }

    /** Publishes publications that were all checked first, so a bad one publishes none. */
    private String publishAll(List<Publication> checked) {
        JsonArrayBuilder results = Json.createArrayBuilder();
        for (Publication publication : checked) {
            results.add(result(publisher.publish(publication)).add("channel", publication.channel()));
        }
        return Json.createObjectBuilder().add("results", results).build().toString();
    }

    private static JsonObjectBuilder result(Publisher.Published published) {
        JsonObjectBuilder result = Json.createObjectBuilder()
                .add("offset", published.position().offset())
                .add("epoch", published.position().epoch());
        if (published.held()) {
            result.add("throttled", true);
        }
        return result;
    }

    /** The publication a request asks for, or the API error saying what is wrong with it. */
    private static Publication publication(String channel, JsonObject request) {
        checkChannel(channel);
        String event = string(request, "event");
        if (!Publisher.isEventName(event)) {
            throw ApiException.badRequest("event must be 1 to 64 characters of [A-Za-z0-9_.:-]");
        }
        JsonValue data = request.get("data");
        if (data == null || data.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("field data must be an object");
        }
        return Publication.now(channel, event, data.asJsonObject());
    }

    private static void checkChannel(String channel) {
        if (!Publisher.isKnownChannel(channel)) {
            throw new ApiException(
                    Response.Status.BAD_REQUEST,
                    "invalid_channel",
                    "unknown or malformed channel: " + FrameDecoder.echo(channel));
        }
    }

    private JsonObject parse(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read");
        }
        if (bytes.length > maxBodyBytes) {
            throw new ApiException(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "bad_request",
                    "body larger than " + maxBodyBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        try {
            return FrameDecoder.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (FrameException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String string(JsonObject request, String field) {
        JsonValue value = request.get(field);
        if (!(value instanceof JsonString s)) {
            throw ApiException.badRequest("field " + field + " must be a string");
        }
        return s.getString();
    }
}
