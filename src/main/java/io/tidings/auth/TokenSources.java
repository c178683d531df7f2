package io.tidings.auth;

import io.tidings.protocol.Subprotocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a handshake may carry a token: the {@code token} query parameter, an {@code Authorization: Bearer} header,
 * or the subprotocol (the JWT alone, or {@code tidings.v1} or {@code tidings.v1.batch} with {@code bearer.JWT}).
 */
public final class TokenSources {

    public static final String SUBPROTOCOL = Subprotocols.NATIVE;
    private static final String BEARER_SUBPROTOCOL = "bearer.";
    private static final String BEARER_HEADER = "Bearer ";
    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

    private TokenSources() {}

    /**
     * @param query the handshake's query parameters
     * @param headers the handshake's headers (names in any case)
     */
    public static Optional<String> find(Map<String, List<String>> query, Map<String, List<String>> headers) {
        List<String> fromQuery = query == null ? null : query.get("token");
        if (fromQuery != null && !fromQuery.isEmpty() && !fromQuery.get(0).isEmpty()) {
            return Optional.of(fromQuery.get(0));
        }
        for (String authorization : header(headers, "Authorization")) {
            if (authorization.regionMatches(true, 0, BEARER_HEADER, 0, BEARER_HEADER.length())) {
                return Optional.of(
                        authorization.substring(BEARER_HEADER.length()).trim());
            }
        }
        return fromSubprotocols(subprotocols(headers));
    }

    /** The subprotocol to echo for what the client offered (batching preferred), or empty for none. */
    public static String negotiate(List<String> requested) {
        if (requested.contains(Subprotocols.BATCH)) {
            return Subprotocols.BATCH;
        }
        if (requested.contains(SUBPROTOCOL)) {
            return SUBPROTOCOL;
        }
        return requested.size() == 1 && JWT_SHAPE.matcher(requested.get(0)).matches() ? requested.get(0) : "";
    }

    static Optional<String> fromSubprotocols(List<String> offered) {
        if (offered.contains(SUBPROTOCOL) || offered.contains(Subprotocols.BATCH)) {
            return offered.stream()
                    .filter(p -> p.startsWith(BEARER_SUBPROTOCOL))
                    .map(p -> p.substring(BEARER_SUBPROTOCOL.length()))
                    .findFirst();
        }
        return offered.size() == 1 && JWT_SHAPE.matcher(offered.get(0)).matches()
                ? Optional.of(offered.get(0))
                : Optional.empty();
    }

    /** The values of a header, looked up without regard to case. */
    public static List<String> header(Map<String, List<String>> headers, String name) {
        if (headers != null) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null) {
                    return entry.getValue();
                }
            }
        }
        return List.of();
    }

    /** The subprotocols a handshake offers, in its order. */
    public static List<String> subprotocols(Map<String, List<String>> headers) {
        List<String> offered = new ArrayList<>();
        for (String value : header(headers, "Sec-WebSocket-Protocol")) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    offered.add(part.trim());
                }
            }
        }
        return offered;
    }
}
