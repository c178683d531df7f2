package io.tidings.cluster;

/**
 * The bus could not do what was asked (its backing store is unreachable). The HTTP API answers 503, a client frame
 * gets {@code internal}; the caller may retry. Nothing was published.
 */
public class BusUnavailableException extends RuntimeException {

    public BusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
