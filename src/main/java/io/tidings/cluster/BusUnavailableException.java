package io.tidings.cluster;

/**
 * The bus could not do what was asked (its backing store is unreachable). The HTTP API answers 503, a client frame
 * gets {@code internal}; the caller may retry. Nothing was published, unless the store did not answer in time: a
 * publication already sent may still be carried out, so a retry that must not publish twice carries an idempotency
 * key.
 */
public class BusUnavailableException extends RuntimeException {

    public BusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
