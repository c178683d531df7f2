package io.tidings.protocol;

/** Decides whether the connection a frame came on may send a verb; called before the frame's fields are read. */
@FunctionalInterface
public interface VerbGuard {

    /** @throws FrameException ({@code unauthorized} or {@code forbidden}, with {@code id}) when it may not */
    void check(VerbAccess access, String id);
}
