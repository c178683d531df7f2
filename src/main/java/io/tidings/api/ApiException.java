package io.tidings.api;

import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An API error answered as {@code {"code","message"}} with its HTTP status. */
public class ApiException extends WebApplicationException {

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    public ApiException(Response.Status status, String code, String message) {
        super(message, null, response(status, code, message));
    }

    static Response response(Response.Status status, String code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSON.createObjectBuilder()
                        .add("code", code)
                        .add("message", message)
                        .build()
                        .toString())
                .build();
    }

    static ApiException badRequest(String message) {
        return new ApiException(Response.Status.BAD_REQUEST, "bad_request", message);
    }
}
