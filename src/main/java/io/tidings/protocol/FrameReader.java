package io.tidings.protocol;

import jakarta.json.JsonObject;

/** Reads one type of frame from its parsed JSON; throws {@link FrameException} saying what is wrong. */
@FunctionalInterface
public interface FrameReader {

    ClientFrame read(String id, JsonObject frame);
}
