package io.tidings.api;

import io.tidings.protocol.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads an API request's JSON object body, bounded by {@code tidings.limits.http.body.bytes}. */
@ApplicationScoped
public class RequestBody {

    private int maxBytes;

    RequestBody() {}

    @Inject
    public RequestBody(@ConfigProperty(name = "tidings.limits.http.body.bytes") int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param contentType the request's {@code Content-Type}: JSON only (a charset allowed), also when the JAX-RS
     *     runtime would take a missing one for any type
     */
    public JsonObject parse(String contentType, InputStream body) {
        if (!isJson(contentType)) {
            throw new ApiException(
                    Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "the body must be application/json");
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read");
        }
        if (bytes.length > maxBytes) {
            throw new ApiException(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE, "bad_request", "body larger than " + maxBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        try {
            return JsonText.parseObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonText.Malformed e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            return MediaType.APPLICATION_JSON_TYPE.isCompatible(type) && !type.isWildcardType();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
