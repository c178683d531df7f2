package io.tidings.api;

import io.tidings.cluster.BusUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A bus that cannot publish answers 503 {@code unavailable}: nothing was published, the backend may retry. */
@Provider
public class BusUnavailableMapper implements ExceptionMapper<BusUnavailableException> {

    private static final Logger LOG = Logger.getLogger(BusUnavailableMapper.class.getName());

    @Override
    public Response toResponse(BusUnavailableException e) {
        LOG.log(Level.WARNING, "The bus is unavailable", e);
        return ApiException.response(
                Response.Status.SERVICE_UNAVAILABLE, "unavailable", "temporarily unavailable, try again");
    }
}
