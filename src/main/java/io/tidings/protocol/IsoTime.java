package io.tidings.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as JavaScript's {@code Date.prototype.toISOString()} writes them, which the replaced systems' clients read. */
public final class IsoTime {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private IsoTime() {}

    /** {@code 2024-01-01T00:00:00.000Z}: UTC, with milliseconds. */
    public static String of(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }
}
