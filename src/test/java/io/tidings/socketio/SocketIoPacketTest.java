package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import org.junit.jupiter.api.Test;

class SocketIoPacketTest {

    @Test
    void readsAConnectWithItsAuth() {
        SocketIoPacket packet = SocketIoPacket.decode("0/ws,{\"token\":\"abc\"}");
        assertEquals(SocketIoPacket.Type.CONNECT, packet.type());
        assertEquals("/ws", packet.namespace());
        assertEquals(-1, packet.ack());
        assertEquals("abc", packet.data().asJsonObject().getString("token"));
    }

    @Test
    void readsAConnectWithoutPayloadToTheMainOrACustomNamespace() {
        assertEquals("/", SocketIoPacket.decode("0").namespace());
        SocketIoPacket custom = SocketIoPacket.decode("0/messaging,");
        assertEquals("/messaging", custom.namespace());
        assertNull(custom.data());
    }

    @Test
    void readsAnEventWithItsAcknowledgementId() {
        SocketIoPacket packet = SocketIoPacket.decode("2/ws,12[\"subscribe\",{\"channel\":\"ticker\"}]");
        assertEquals(SocketIoPacket.Type.EVENT, packet.type());
        assertEquals(12, packet.ack());
        assertEquals("subscribe", packet.event());
    }

    @Test
    void readsAnAckAndADisconnect() {
        SocketIoPacket ack = SocketIoPacket.decode("3/ws,7[\"ok\"]");
        assertEquals(SocketIoPacket.Type.ACK, ack.type());
        assertEquals(7, ack.ack());
        assertEquals(
                SocketIoPacket.Type.DISCONNECT, SocketIoPacket.decode("1/ws,").type());
    }

    @Test
    void writesWhatItReads() {
        for (String text : new String[] {
            "0/ws,{\"sid\":\"x\"}",
            "2[\"foo\"]",
            "2/admin,[\"bar\"]",
            "3/admin,13[\"bar\"]",
            "1/ws,",
            "4{\"message\":\"no\"}"
        }) {
            assertEquals(
                    text,
                    text.charAt(0) == '4' ? text : SocketIoPacket.decode(text).encode());
        }
        assertEquals(
                "4/ws,{\"message\":\"no\"}",
                SocketIoPacket.encode(SocketIoPacket.Type.CONNECT_ERROR, "/ws", -1, "{\"message\":\"no\"}"));
        assertEquals("3/ws,5[]", SocketIoPacket.encode(SocketIoPacket.Type.ACK, "/ws", 5, "[]"));
    }

    @Test
    void refusesBinaryAttachmentsClearly() {
        FrameException e = assertThrows(
                FrameException.class, () -> SocketIoPacket.decode("51-/ws,[\"x\",{\"_placeholder\":true,\"num\":0}]"));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().startsWith("binary attachments are not supported"));
        assertThrows(FrameException.class, () -> SocketIoPacket.decode("61-/ws,3[]"));
    }

    @Test
    void refusesMalformedPackets() {
        for (String text : new String[] {
            "",
            "9",
            "x",
            "2/ws,{not json",
            "2/ws,[]", // an event needs its name
            "2/ws,[1]",
            "2/ws,{\"a\":1}",
            "3/ws,[1]", // an ack needs its id
            "3/ws,1{}",
            "0/ws,[1]",
            "1/ws,{}",
            "4/ws,{}", // a client sends no CONNECT_ERROR
            "2/ws,99999999999[\"x\"]",
            "2/" + "n".repeat(100) + ",[\"x\"]",
            "2/ws,[\"x\"," + "[".repeat(40) + "]".repeat(40) + "]",
            "2/ws,[\"\\ud800\"]"
        }) {
            FrameException e = assertThrows(FrameException.class, () -> SocketIoPacket.decode(text), text);
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), text);
        }
    }
}
