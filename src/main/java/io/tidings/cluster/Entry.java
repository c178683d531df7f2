package io.tidings.cluster;

import io.tidings.protocol.EncodedText;
import io.tidings.protocol.EventFormat;
import io.tidings.protocol.EventFrame;

/**
 * One accepted publication: the message, its offset (0 when ephemeral) in its epoch, and whom not to send it to. Its
 * {@code event} frame is written once, the first time it is asked for, and shared by every subscriber and every
 * recovery on this node; its UTF-8 bytes too ({@link #encodedFrame()}), once for every subscriber on this node.
 */
public final class Entry {

    private final Message message;
    private final long offset;
    private final String epoch;
    private final PublishOptions options;
    private final long acceptedNanos;
    private volatile String frame;
    /**
     * The frames of the other formats asked for: a channel's subscribers may read a few dialects besides Tidings' (on
     * {@code /ws}, Socket.IO's and the market analyzer's), as many as there are dialects at most.
     */
    private volatile Written[] others = NONE;

    private static final Written[] NONE = {};

    private record Written(EventFormat format, EncodedText frame) {}

    private volatile EncodedText encoded;

    /**
     * @param epoch the history generation its offset counts in; null when ephemeral
     * @param acceptedNanos {@link System#nanoTime()} when this node accepted or received it
     */
    public Entry(Message message, long offset, String epoch, PublishOptions options, long acceptedNanos) {
        this.message = message;
        this.offset = offset;
        this.epoch = epoch;
        this.options = options;
        this.acceptedNanos = acceptedNanos;
    }

    public Message message() {
        return message;
    }

    public String channel() {
        return message.channel();
    }

    /** The offset in its channel; 0 for an ephemeral publication. */
    public long offset() {
        return offset;
    }

    /**
     * The history generation its offset counts in (null when ephemeral). With Redis it can change under live
     * subscribers when Redis loses the channel's state; an offset is only comparable within one epoch.
     */
    public String epoch() {
        return epoch;
    }

    public boolean ephemeral() {
        return offset == 0;
    }

    /** Whether any connection or user must not receive it. */
    public boolean excludesAnyone() {
        return options.excludesAnyone();
    }

    /** Whether this connection (of this user, null when anonymous) must not receive it. */
    public boolean excludes(String connection, String user) {
        return options.excludes(connection, user);
    }

    /** The {@code event} frame, serialized on first use. */
    public String frame() {
        String written = frame;
        if (written == null) {
            written = EventFrame.serialize(message.channel(), message.event(), message.data(), offset, message.ts());
            frame = written;
        }
        return written;
    }

    /** The event frame in this format, written once per format (in practice) and shared. */
    public String frame(EventFormat format) {
        return format == EventFormat.NATIVE ? frame() : encodedFrame(format).text();
    }

    /**
     * The event frame in this format (a dialect's), written and UTF-8 encoded once per format (in practice) and shared
     * by every subscriber of that dialect on this node.
     */
    public EncodedText encodedFrame(EventFormat format) {
        if (format == EventFormat.NATIVE) {
            return encodedFrame();
        }
        Written[] known = others;
        for (Written written : known) {
            if (written.format() == format) {
                return written.frame();
            }
        }
        Written written = new Written(
                format,
                EncodedText.of(
                        format.write(message.channel(), message.event(), message.data(), offset, message.ts()),
                        acceptedNanos));
        Written[] more = java.util.Arrays.copyOf(known, known.length + 1);
        more[known.length] = written;
        others = more; // two writers at once may each keep their own: written twice, still shared thereafter
        return written.frame();
    }

    /**
     * The {@code event} frame with its UTF-8 encoding made once, on first use, and shared by every subscriber on this
     * node (a race makes it twice at worst).
     */
    public EncodedText encodedFrame() {
        EncodedText written = encoded;
        if (written == null) {
            written = EncodedText.of(frame(), acceptedNanos);
            encoded = written;
        }
        return written;
    }
}
