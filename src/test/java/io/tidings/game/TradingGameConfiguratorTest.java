package io.tidings.game;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the trading game's handshake finds the session token, and the subprotocol it answers. */
class TradingGameConfiguratorTest {

    private final TradingGameConfigurator configurator = new TradingGameConfigurator();

    @Test
    void theOfferedSubprotocolIsEchoedWhateverItIs() {
        assertEquals(
                "opaque-session-token",
                configurator.getNegotiatedSubprotocol(List.of(), List.of("opaque-session-token")));
        assertEquals("a.b.c", configurator.getNegotiatedSubprotocol(List.of(), List.of("a.b.c", "other")));
        assertEquals("", configurator.getNegotiatedSubprotocol(List.of(), List.of()));
    }

    @Test
    void theFirstOfferedSubprotocolIsTheToken() {
        assertEquals(
                Optional.of("opaque-session-token"),
                TradingGameConfigurator.token(
                        request(Map.of("Sec-WebSocket-Protocol", List.of("opaque-session-token")), Map.of())));
        assertEquals(
                Optional.of("first"),
                TradingGameConfigurator.token(request(
                        Map.of("sec-websocket-protocol", List.of("first, second")), Map.of("token", List.of("q")))));
    }

    @Test
    void withoutASubprotocolTheQueryOrBearerTokenIsRead() {
        assertEquals(Optional.of("q"), TradingGameConfigurator.token(request(Map.of(), Map.of("token", List.of("q")))));
        assertEquals(
                Optional.of("b"),
                TradingGameConfigurator.token(request(Map.of("Authorization", List.of("Bearer b")), Map.of())));
        assertEquals(Optional.empty(), TradingGameConfigurator.token(request(Map.of(), Map.of())));
    }

    private static HandshakeRequest request(Map<String, List<String>> headers, Map<String, List<String>> query) {
        return new HandshakeRequest() {
            @Override
            public Map<String, List<String>> getHeaders() {
                return headers;
            }

            @Override
            public Principal getUserPrincipal() {
                return null;
            }

            @Override
            public URI getRequestURI() {
                return URI.create("/api/v69/ws/token-data");
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public Object getHttpSession() {
                return null;
            }

            @Override
            public Map<String, List<String>> getParameterMap() {
                return query;
            }

            @Override
            public String getQueryString() {
                return null;
            }
        };
    }
}
