package io.tidings.cluster;

/**
 * How an entry travels through Redis. Its body, {@code ts\nexcludedConnection\nexcludedUser\nevent\ndata}, is kept in
 * the history stream under its offset, and published to the nodes after {@code offset\nepoch\n} (offset 0 and no
 * epoch when ephemeral). Every node builds the same {@link Entry}, hence the same {@code event} frame, from it.
 */
final class RedisEntries {

    private RedisEntries() {}

    /** @throws IllegalArgumentException when a field other than the data holds a line break */
    static String body(Message message, PublishOptions options) {
        String connection = line(options.excludeConnection());
        String user = line(options.excludeUser());
        String event = line(message.event());
        return new StringBuilder(32
                        + connection.length()
                        + user.length()
                        + event.length()
                        + message.data().length())
                .append(message.ts())
                .append('\n')
                .append(connection)
                .append('\n')
                .append(user)
                .append('\n')
                .append(event)
                .append('\n')
                .append(message.data())
                .toString();
    }

    /** A publication as pub/sub delivered it. */
    static Entry published(String channel, String payload, long receivedNanos) {
        int offsetEnd = payload.indexOf('\n');
        int epochEnd = payload.indexOf('\n', offsetEnd + 1);
        if (offsetEnd < 0 || epochEnd < 0) {
            throw new IllegalArgumentException("not a publication of this version of Tidings");
        }
        long offset = Long.parseLong(payload, 0, offsetEnd, 10);
        String epoch = offset == 0 ? null : payload.substring(offsetEnd + 1, epochEnd);
        return entry(channel, offset, epoch, payload, epochEnd + 1, receivedNanos);
    }

    /** A publication as the history stream keeps it. */
    static Entry kept(String channel, long offset, String epoch, String body, long readNanos) {
        return entry(channel, offset, epoch, body, 0, readNanos);
    }

    private static Entry entry(String channel, long offset, String epoch, String text, int from, long nanos) {
        int[] ends = new int[4];
        int at = from;
        for (int i = 0; i < ends.length; i++) {
            ends[i] = text.indexOf('\n', at);
            if (ends[i] < 0) {
                throw new IllegalArgumentException("not an entry of this version of Tidings");
            }
            at = ends[i] + 1;
        }
        long ts = Long.parseLong(text, from, ends[0], 10);
        String connection = orNull(text.substring(ends[0] + 1, ends[1]));
        String user = orNull(text.substring(ends[1] + 1, ends[2]));
        String event = text.substring(ends[2] + 1, ends[3]);
        String data = text.substring(ends[3] + 1);
        PublishOptions options = new PublishOptions(offset == 0, connection, user, null);
        return new Entry(new Message(channel, event, data, ts), offset, epoch, options, nanos);
    }

    private static String line(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a line break in an event name or an excluded id");
        }
        return field;
    }

    private static String orNull(String field) {
        return field.isEmpty() ? null : field;
    }
}
