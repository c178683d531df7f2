package io.tidings.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every refusal of the JAX-RS runtime under {@code /api} (404 unknown path, 405 wrong method, 415 not JSON, ...)
 * answers {@code {"code","message"}} like the API's own errors, never the container's HTML page.
 */
@Provider
public class ApiErrors implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        if (e instanceof ApiException) {
            return original;
        }
        int status = original == null ? 500 : original.getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        Response.ResponseBuilder answer = Response.fromResponse(ApiException.response(
                known == null ? Response.Status.INTERNAL_SERVER_ERROR : known, code(status), message(status)));
        if (original != null && original.getHeaderString("Allow") != null) {
            answer.header("Allow", original.getHeaderString("Allow"));
        }
        return answer.build();
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "bad_request";
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 404 -> "no such API path";
            case 405 -> "method not allowed on this path";
            case 406 -> "this path answers application/json only";
            case 415 -> "the body must be application/json";
            default -> status >= 500 ? "internal error" : "request refused";
        };
    }
}
