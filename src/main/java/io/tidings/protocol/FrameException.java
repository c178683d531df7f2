package io.tidings.protocol;

/** A client frame that cannot be honoured; becomes an {@code error} frame answering {@code id}. */
public class FrameException extends RuntimeException {

    private final ErrorCode code;
    private final String id;

    public FrameException(ErrorCode code, String message, String id) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
    }

    public ErrorCode code() {
        return code;
    }

    /** The {@code id} of the offending frame, or null. */
    public String id() {
        return id;
    }
}
