package io.tidings.socketio;

import io.tidings.channel.ChannelName;
import java.util.Optional;

/**
 * The offset a Socket.IO client keeps of the last event it received, for connection state recovery: the event's time
 * (the bus's, in ms), its offset in its channel, and the channel, as {@code "<ts>:<offset>:<channel>"}. Written once
 * per publication, as the event's last argument; the client sends the last one back with its {@code pid}.
 */
record RecoveryOffset(long ts, long offset, String channel) {

    /** Longer than any offset this server writes. */
    private static final int MAX_LENGTH = 40 + ChannelName.MAX_LENGTH;

    static String format(long ts, long offset, String channel) {
        return ts + ":" + offset + ":" + channel;
    }

    /** The offset a client sent, or empty when it is none this server wrote. */
    static Optional<RecoveryOffset> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 3);
        if (parts.length < 3 || !ChannelName.isValid(parts[2])) {
            return Optional.empty();
        }
        try {
            long ts = Long.parseLong(parts[0]);
            long offset = Long.parseLong(parts[1]);
            return ts > 0 && offset > 0 ? Optional.of(new RecoveryOffset(ts, offset, parts[2])) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
