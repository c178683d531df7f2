package io.tidings.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenSourcesTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln";

    @Test
    void findsTheTokenInEachPlace() {
        assertEquals(Optional.of(JWT), TokenSources.find(Map.of("token", List.of(JWT)), Map.of()));
        assertEquals(Optional.of(JWT), TokenSources.find(Map.of(), Map.of("authorization", List.of("bearer " + JWT))));
        assertEquals(Optional.of(JWT), TokenSources.find(Map.of(), Map.of("Sec-WebSocket-Protocol", List.of(JWT))));
        assertEquals(
                Optional.of(JWT),
                TokenSources.find(Map.of(), Map.of("sec-websocket-protocol", List.of("tidings.v1, bearer." + JWT))));
        assertEquals(
                Optional.of(JWT),
                TokenSources.find(Map.of(), Map.of("Sec-WebSocket-Protocol", List.of("tidings.v1", "bearer." + JWT))));
    }

    @Test
    void findsNothingWhereThereIsNoToken() {
        assertTrue(TokenSources.find(Map.of(), Map.of()).isEmpty());
        assertTrue(TokenSources.find(Map.of("token", List.of("")), Map.of()).isEmpty());
        assertTrue(TokenSources.find(Map.of(), Map.of("Authorization", List.of("Basic abc")))
                .isEmpty());
        assertTrue(TokenSources.find(Map.of(), Map.of("Sec-WebSocket-Protocol", List.of("chat, superchat")))
                .isEmpty());
    }

    @Test
    void echoesTidingsV1OrTheLoneToken() {
        assertEquals("tidings.v1", TokenSources.negotiate(List.of("tidings.v1", "bearer." + JWT)));
        assertEquals(JWT, TokenSources.negotiate(List.of(JWT)));
        assertEquals("", TokenSources.negotiate(List.of("chat")));
        assertEquals("", TokenSources.negotiate(List.of()));
    }

    @Test
    void prefersTheBatchingSubprotocolAndNeverTakesItForAToken() {
        assertEquals("tidings.v1.batch", TokenSources.negotiate(List.of("tidings.v1.batch", "tidings.v1")));
        assertEquals("tidings.v1.batch", TokenSources.negotiate(List.of("tidings.v1", "tidings.v1.batch")));
        assertEquals("tidings.v1.batch", TokenSources.negotiate(List.of("tidings.v1.batch")));
        assertTrue(TokenSources.find(Map.of(), Map.of("Sec-WebSocket-Protocol", List.of("tidings.v1.batch")))
                .isEmpty());
        assertEquals(
                Optional.of(JWT),
                TokenSources.find(
                        Map.of(),
                        Map.of("Sec-WebSocket-Protocol", List.of("tidings.v1.batch, tidings.v1, bearer." + JWT))));
    }
}
