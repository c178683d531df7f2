package io.tidings.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything the API did not expect is logged with its stack and answered 500 {@code internal}, without it. */
@Provider
public class UnexpectedErrors implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrors.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
        LOG.log(Level.WARNING, "An API call failed", e);
        return ApiException.response(Response.Status.INTERNAL_SERVER_ERROR, "internal", "internal error");
    }
}
