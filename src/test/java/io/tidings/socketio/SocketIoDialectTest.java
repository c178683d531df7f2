package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidings.cluster.Entry;
import io.tidings.cluster.Message;
import io.tidings.cluster.PublishOptions;
import io.tidings.protocol.CloseCode;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.ServerFrames;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketIoDialectTest {

    private final SocketIoDialect exchange = SocketIoNamespace.WS.dialect();
    private final SocketIoDialect messaging = new SocketIoDialect("/messaging"); // the default mapping

    @Test
    void writesAChannelEventUnderItsOwnNameWithTheDataTheClientReadsAndItsRecoveryOffsetLast() {
        assertEquals(
                "42/ws,[\"ticker.update\",{\"channel\":\"ticker:BTCUSDT\",\"data\":{\"p\":\"1.00\"},\"offset\":3,"
                        + "\"timestamp\":99},\"99:3:ticker:BTCUSDT\"]",
                exchange.events().write("ticker:BTCUSDT", "ticker.update", "{\"p\":\"1.00\"}", 3, 99));
    }

    @Test
    void anEphemeralEventHasNoRecoveryOffset() {
        assertEquals(
                "42/ws,[\"ticker.update\",{\"channel\":\"ticker:BTCUSDT\",\"data\":{},\"timestamp\":99}]",
                exchange.events().write("ticker:BTCUSDT", "ticker.update", "{}", 0, 99));
    }

    @Test
    void theConnectPacketNamesThePrivateId() {
        assertEquals("40/ws,{\"sid\":\"s1\",\"pid\":\"p1\"}", SocketIoDialect.withPid("40/ws,{\"sid\":\"s1\"}", "p1"));
        assertEquals("40{\"sid\":\"s1\",\"pid\":\"p1\"}", SocketIoDialect.withPid("40{\"sid\":\"s1\"}", "p1"));
    }

    @Test
    void anEntryWritesItsFrameOncePerDialect() {
        Entry entry =
                new Entry(new Message("trades:X", "trade", "{}", 5), 1, "e", PublishOptions.NONE, System.nanoTime());
        String first = entry.frame(exchange.events());
        assertSame(first, entry.frame(exchange.events()));
        assertSame(entry.frame(), entry.frame(io.tidings.protocol.EventFormat.NATIVE));
    }

    @Test
    void connectedIsTheNamespacesConnectThenTheExchangesConnectedEvent() {
        List<String> out = render(exchange, ServerFrames.connected("abc", null, "/ws", 25));
        assertEquals("40/ws,{\"sid\":\"abc\"}", out.get(0));
        assertEquals(2, out.size());
        assertEquals(true, out.get(1).startsWith("42/ws,[\"connected\",{\"clientId\":\"abc\",\"userId\":null,"));
        assertEquals(
                List.of("40/messaging,{\"sid\":\"abc\"}"),
                render(messaging, ServerFrames.connected("abc", "u", "/messaging", 25)));
    }

    @Test
    void exchangeSubscribeBecomesTheTidingsChannel() {
        assertEquals(
                "{\"type\":\"subscribe\",\"id\":\"4\",\"channel\":\"klines:BTCUSDT:1m\"}",
                exchange.toTidings(
                        SocketIoPacket.decode(
                                "2/ws,4[\"subscribe\",{\"channel\":\"klines\",\"symbol\":\"BTCUSDT\",\"interval\":\"1m\"}]"),
                        null));
    }

    @Test
    void subscribedIsAnsweredAsTheExchangeDescribesIt() {
        List<String> out = render(
                exchange,
                ServerFrames.subscribed("4", "ticker:BTCUSDT", new io.tidings.protocol.Position(0, "e"), null));
        assertEquals(
                List.of(
                        "42/ws,[\"subscribed\",{\"channel\":\"ticker\",\"symbol\":\"BTCUSDT\",\"room\":\"ticker:BTCUSDT\"}]",
                        "43/ws,4[{\"success\":true,\"channel\":\"ticker\",\"symbol\":\"BTCUSDT\",\"room\":\"ticker:BTCUSDT\"}]"),
                out);
    }

    @Test
    void theDefaultMappingAnswersWithTheAcknowledgementOnly() {
        assertEquals(
                List.of("43/messaging,9[{\"success\":false,\"code\":\"forbidden\",\"message\":\"no\"}]"),
                render(messaging, ServerFrames.error("9", ErrorCode.FORBIDDEN, "no")));
        assertEquals(
                List.of("42/messaging,[\"error\",{\"code\":\"forbidden\",\"message\":\"no\"}]"),
                render(messaging, ServerFrames.error(null, ErrorCode.FORBIDDEN, "no")));
    }

    @Test
    void aPrivateChannelNeedsAUser() {
        FrameException e = assertThrows(
                FrameException.class,
                () -> ExchangeChannels.toTidings(
                        Json.createObjectBuilder().add("channel", "user.orders").build(), null, true, "1"));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals(
                "user:u1:balances",
                ExchangeChannels.toTidings(
                        Json.createObjectBuilder()
                                .add("channel", "user.balances")
                                .build(),
                        "u1",
                        true,
                        null));
    }

    @Test
    void heartbeatsAreEnginePingsAndAFinalCloseSaysDisconnect() {
        assertEquals("2", exchange.ping());
        assertEquals("41/ws,", exchange.farewell(CloseCode.DISCONNECTED));
        assertEquals(null, exchange.farewell(CloseCode.HEARTBEAT_TIMEOUT));
    }

    private static List<String> render(SocketIoDialect dialect, String frame) {
        List<String> out = new ArrayList<>();
        dialect.render(frame, out::add);
        return out;
    }
}
