package io.tidings.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One section of a Redis server's {@code INFO} ({@code redis=redis://host:port}, no password): the Redis behind the
 * bus, read before and after a window for its CPU time and memory. One short connection per reading, in Redis's
 * inline command form.
 */
record RedisInfo(Map<String, String> fields) {

    /** {@code INFO section} of the Redis at {@code url}, or an empty reading when {@code url} is null. */
    static RedisInfo of(String url, String section) throws IOException {
        if (url == null || url.isBlank()) {
            return new RedisInfo(Map.of());
        }
        URI redis = URI.create(url);
        try (Socket socket = new Socket(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort())) {
            socket.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String header = line(in); // a bulk string: $length
            if (!header.startsWith("$")) {
                throw new IOException("Redis answered INFO with " + header);
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            Map<String, String> fields = new HashMap<>();
            for (String field : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
                int colon = field.indexOf(':');
                if (colon > 0 && !field.startsWith("#")) {
                    fields.put(field.substring(0, colon), field.substring(colon + 1));
                }
            }
            return new RedisInfo(fields);
        }
    }

    /** Seconds of CPU Redis has used, user and system, all threads (from {@code INFO cpu}); negative when unknown. */
    double cpuSeconds() {
        return fields.containsKey("used_cpu_user")
                ? Double.parseDouble(fields.get("used_cpu_user")) + Double.parseDouble(fields.get("used_cpu_sys"))
                : -1;
    }

    /** Bytes Redis's allocator holds for data and overhead (from {@code INFO memory}); negative when unknown. */
    long usedMemory() {
        return fields.containsKey("used_memory") ? Long.parseLong(fields.get("used_memory")) : -1;
    }

    /** Seconds of Redis CPU from {@code start} to this reading; NaN when unknown (no {@code redis=}). */
    double cpuSecondsSince(RedisInfo start) {
        return cpuSeconds() < 0 || start.cpuSeconds() < 0 ? Double.NaN : cpuSeconds() - start.cpuSeconds();
    }

    /** Microseconds per event, or empty when unknown. */
    static String microsPer(double seconds, long events) {
        return Double.isNaN(seconds) || events <= 0 ? "" : String.format(Locale.ROOT, "%.2f", seconds * 1e6 / events);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
