package io.tidings.protocol;

/**
 * How a client dialect writes a publication as a frame. A delivery writes each publication once per format, whatever
 * the number of recipients reading that format ({@code cluster.Entry} keeps the frames it wrote).
 */
@FunctionalInterface
public interface EventFormat {

    /** Tidings' own {@code event} frame. */
    EventFormat NATIVE = EventFrame::serialize;

    /**
     * @param data the event's data as JSON object text
     * @param offset the publication's offset, or 0 when ephemeral
     */
    String write(String channel, String event, String data, long offset, long ts);
}
