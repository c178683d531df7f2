package io.tidings.channel;

import java.util.regex.Pattern;

/** The channel grammar of the protocol: 1 to 200 characters of {@code [A-Za-z0-9_.:@=,-]}, {@code :}-separated non-empty segments. */
public final class ChannelName {

    public static final int MAX_LENGTH = 200;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.@=,-]+");

    private ChannelName() {}

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (String segment : name.split(":", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }
}
