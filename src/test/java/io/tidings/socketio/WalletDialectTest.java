package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalletDialectTest {

    private final SocketIoDialect wallet = SocketIoNamespace.WALLET.dialect();

    @Test
    void theWalletsNamespaceIsServedOnlyAtItsEnginePath() {
        assertEquals(
                SocketIoNamespace.WALLET,
                SocketIoNamespace.named("/ws", EnginePath.WALLET).orElseThrow());
        assertEquals(
                SocketIoNamespace.WS,
                SocketIoNamespace.named("/ws", EnginePath.MAIN).orElseThrow());
        assertEquals(
                true, SocketIoNamespace.named("/messaging", EnginePath.WALLET).isEmpty());
    }

    @Test
    void subscribeIsAcknowledgedSuccessTrue() {
        assertEquals(
                "{\"type\":\"subscribe\",\"id\":\"0\",\"channel\":\"balance:0xabc\"}",
                tidings("2/ws,0[\"subscribe\",{\"channel\":\"balance:0xabc\"}]", "u1"));
        assertEquals(
                List.of("43/ws,0[{\"success\":true,\"channel\":\"balance:0xabc\"}]"),
                render(ServerFrames.subscribed("0", "balance:0xabc", new Position(0, "e"), null)));
        assertEquals(
                List.of("43/ws,1[{\"success\":false,\"error\":\"no\",\"code\":\"forbidden\",\"message\":\"no\"}]"),
                render(ServerFrames.error("1", ErrorCode.FORBIDDEN, "no")));
    }

    @Test
    void notificationsAreTheUsersOwnChannel() {
        assertEquals(
                "{\"type\":\"subscribe\",\"channel\":\"user:u1:notifications\"}",
                tidings("2/ws,[\"subscribe\",{\"channel\":\"notifications\"}]", "u1"));
        FrameException anonymous = assertThrows(
                FrameException.class, () -> tidings("2/ws,[\"subscribe\",{\"channel\":\"notifications\"}]", null));
        assertEquals(ErrorCode.UNAUTHORIZED, anonymous.code());
        FrameException none = assertThrows(FrameException.class, () -> tidings("2/ws,2[\"subscribe\",{}]", "u1"));
        assertEquals(ErrorCode.BAD_REQUEST, none.code());
        assertEquals("2", none.id());
    }

    @Test
    void pingIsAcknowledgedWithTypePongAndATimestamp() {
        assertEquals("{\"type\":\"ping\",\"id\":\"5\"}", tidings("2/ws,5[\"ping\"]", null));
        List<String> out = render(ServerFrames.pong("5"));
        assertEquals(1, out.size());
        assertEquals(true, out.get(0).matches("43/ws,5\\[\\{\"type\":\"pong\",\"timestamp\":\\d+}]"), out::toString);
    }

    @Test
    void everyEventIsAMessageOfTheWalletsChannelWithItsPayload() {
        assertEquals(
                "42/ws,[\"message\",{\"type\":\"balance:0xabc\",\"payload\":{\"balance\":\"1.5\"},\"timestamp\":99,"
                        + "\"event\":\"balance.updated\",\"offset\":3},\"99:3:balance:0xabc\"]",
                wallet.events().write("balance:0xabc", "balance.updated", "{\"balance\":\"1.5\"}", 3, 99));
        assertEquals(
                "42/ws,[\"message\",{\"type\":\"notifications\",\"payload\":{\"count\":1},\"timestamp\":99,"
                        + "\"event\":\"unread_count\"}]",
                wallet.events().write("user:u1:notifications", "unread_count", "{\"count\":1}", 0, 99));
    }

    private String tidings(String packet, String user) {
        return wallet.toTidings(SocketIoPacket.decode(packet), user);
    }

    private List<String> render(String frame) {
        List<String> out = new ArrayList<>();
        wallet.render(frame, out::add);
        return out;
    }
}
