package io.tidings.api;

import io.tidings.cluster.BusUnavailableException;
import io.tidings.limits.ThrottledLog;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/** A bus that cannot publish answers 503 {@code unavailable}: nothing was published, the backend may retry. */
@Provider
public class BusUnavailableMapper implements ExceptionMapper<BusUnavailableException> {

    /** Redis being away is not a bug here: no stack, and one line a second however many calls it refuses. */
    private static final ThrottledLog UNAVAILABLE = new ThrottledLog(
            Logger.getLogger(BusUnavailableMapper.class.getName()), "The bus is unavailable: API calls answered 503");

    @Override
    public Response toResponse(BusUnavailableException e) {
        UNAVAILABLE.note(e);
        return ApiException.response(
                Response.Status.SERVICE_UNAVAILABLE, "unavailable", "temporarily unavailable, try again");
    }
}
