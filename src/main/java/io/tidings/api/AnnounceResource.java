package io.tidings.api;

import io.tidings.delivery.Announcement;
import io.tidings.delivery.Announcer;
import io.tidings.gateway.Namespace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Arrays;

/**
 * {@code POST /api/announce} with {@code {event, data, namespace?}}: an {@link Announcement} to every connection of
 * the namespace (every namespace without one), subscribed or not; answers {@code {connections: N}} reached on this
 * node.
 */
@Path("announce")
@ApplicationScoped
public class AnnounceResource {

    private Announcer announcer;
    private RequestBody body;

    /** For CDI proxies; RESTEasy also insists that JAX-RS classes have a public one. */
    public AnnounceResource() {}

    @Inject
    public AnnounceResource(Announcer announcer, RequestBody body) {
        this.announcer = announcer;
        this.body = body;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public String announce(@HeaderParam("Content-Type") String type, InputStream input) {
        JsonObject request = body.parse(type, input);
        String namespace = null;
        JsonValue given = request.get("namespace");
        if (given != null && given != JsonValue.NULL) {
            if (!(given instanceof JsonString name)
                    || Arrays.stream(Namespace.values()).noneMatch(n -> n.path().equals(name.getString()))) {
                throw ApiException.badRequest("namespace must be one of " + String.join(", ", Namespace.paths()));
            }
            namespace = name.getString();
        }
        if (!(request.get("event") instanceof JsonString event)) {
            throw ApiException.badRequest("field event must be a string");
        }
        if (!(request.get("data") instanceof JsonObject data)) {
            throw ApiException.badRequest("field data must be an object");
        }
        try {
            int reached = announcer.announce(new Announcement(namespace, event.getString(), data));
            return "{\"connections\":" + reached + "}";
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
