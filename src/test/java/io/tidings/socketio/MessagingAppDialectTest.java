package io.tidings.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.JsonText;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagingAppDialectTest {

    private final SocketIoDialect messaging = SocketIoNamespace.MESSAGING.dialect();
    private final SocketIoDialect notifications = SocketIoNamespace.NOTIFICATIONS.dialect();
    private final SocketIoDialect calls = SocketIoNamespace.VIDEO_CALLS.dialect();

    @Test
    void anUpperCaseMessageTypeIsTidingsLowerCaseOneAndComesBackUpperCase() {
        assertEquals(
                "{\"type\":\"message:send\",\"id\":\"3\",\"conversationId\":\"conv-123\",\"content\":\"Hello!\","
                        + "\"messageType\":\"text\"}",
                tidings(
                        messaging,
                        "2/messaging,3[\"message:send\",{\"conversationId\":\"conv-123\",\"content\":\"Hello!\","
                                + "\"messageType\":\"TEXT\"}]",
                        "u1"));
        assertEquals(
                "42/messaging,[\"message\",{\"messageId\":\"m1\",\"conversationId\":\"c\",\"messageType\":\"TEXT\"},"
                        + "\"99:4:conversation:c\"]",
                messaging
                        .events()
                        .write(
                                "conversation:c",
                                "message",
                                "{\"messageId\":\"m1\",\"conversationId\":\"c\",\"messageType\":\"text\"}",
                                4,
                                99));
    }

    @Test
    void typingAndReadReceiptsTakeTheAppsNamesBothWays() {
        assertEquals(
                JsonText.parseObject("{\"type\":\"typing\",\"conversationId\":\"c\",\"typing\":true}"),
                JsonText.parseObject(
                        tidings(messaging, "2/messaging,[\"typing_start\",{\"conversationId\":\"c\"}]", "u1")));
        assertEquals(
                "{\"type\":\"read\",\"conversationId\":\"c\",\"messageId\":\"m1\"}",
                tidings(
                        messaging,
                        "2/messaging,[\"message:read\",{\"conversationId\":\"c\",\"messageId\":\"m1\"}]",
                        "u1"));
        assertEquals(
                "42/messaging,[\"user_typing\",{\"userId\":\"u2\",\"conversationId\":\"c\",\"isTyping\":false,"
                        + "\"timestamp\":99}]",
                messaging
                        .events()
                        .write(
                                "conversation:c",
                                "typing",
                                "{\"conversationId\":\"c\",\"userId\":\"u2\",\"typing\":false}",
                                0,
                                99));
        assertEquals(
                "42/messaging,[\"message_read\",{\"conversationId\":\"c\",\"messageId\":null,\"readBy\":\"u2\","
                        + "\"readAt\":99}]",
                messaging
                        .events()
                        .write(
                                "conversation:c",
                                "read_receipt",
                                "{\"conversationId\":\"c\",\"userId\":\"u2\"}",
                                0,
                                99));
    }

    @Test
    void joiningAConversationSubscribesToItsChannelAndIsAnsweredConversationJoined() {
        assertEquals(
                "{\"type\":\"subscribe\",\"id\":\"7\",\"channel\":\"conversation:c9\"}",
                tidings(messaging, "2/messaging,7[\"join_conversation\",{\"conversationId\":\"c9\"}]", "u1"));
        List<String> out =
                render(messaging, ServerFrames.subscribed("7", "conversation:c9", new Position(0, "e"), null));
        assertEquals(2, out.size());
        assertEquals(true, out.get(0).startsWith("42/messaging,[\"conversation_joined\",{\"conversationId\":\"c9\","));
        assertEquals(true, out.get(1).startsWith("43/messaging,7[{\"success\":true,\"conversationId\":\"c9\","));
        FrameException missing = assertThrows(
                FrameException.class, () -> tidings(messaging, "2/messaging,[\"join_conversation\",{}]", "u1"));
        assertEquals(ErrorCode.BAD_REQUEST, missing.code());
    }

    @Test
    void aRefusedEventIsAcknowledgedWithSuccessFalseAndTheAppsErrorField() {
        assertEquals(
                List.of(
                        "43/messaging,9[{\"success\":false,\"code\":\"forbidden\",\"message\":\"no\",\"error\":\"no\"}]"),
                render(messaging, ServerFrames.error("9", ErrorCode.FORBIDDEN, "no")));
        assertEquals(
                List.of("43/messaging,9[{\"success\":true,\"messageId\":\"m1\"}]"),
                render(messaging, ServerFrames.ack("9", "m1")));
        assertEquals(List.of(), render(messaging, ServerFrames.ack(null)));
    }

    @Test
    void notificationsComeAsTheirDataAndUnreadCountsAsUnreadCount() {
        assertEquals(
                "42/notifications,[\"notification\",{\"notificationId\":\"n1\",\"title\":\"Hi\"},\"9:3:user:u1:notifications\"]",
                notifications
                        .events()
                        .write(
                                "user:u1:notifications",
                                "notification",
                                "{\"notificationId\":\"n1\",\"title\":\"Hi\"}",
                                3,
                                9));
        assertEquals(
                "42/notifications,[\"unreadCount\",{\"count\":2}]",
                notifications.events().write("user:u1:notifications", "unread_count", "{\"count\":2}", 0, 9));
        assertEquals(
                List.of("42/notifications,[\"subscribed\",{\"channel\":\"user:u1:notifications\",\"offset\":0,"
                        + "\"epoch\":\"e\"}]"),
                render(
                        notifications,
                        ServerFrames.subscribed(null, "user:u1:notifications", new Position(0, "e"), null)));
    }

    @Test
    void callVerbsDropTheirFromUserIdWhichMustBeTheCaller() {
        assertEquals(
                "{\"type\":\"video:offer\",\"callId\":\"call-123\",\"toUserId\":\"u2\",\"offer\":{\"sdp\":\"x\"}}",
                tidings(
                        calls,
                        "2/video-calls,[\"video:offer\",{\"callId\":\"call-123\",\"fromUserId\":\"u1\","
                                + "\"toUserId\":\"u2\",\"offer\":{\"sdp\":\"x\"}}]",
                        "u1"));
        assertEquals(
                "{\"type\":\"video:end\",\"callId\":\"c1\"}",
                tidings(calls, "2/video-calls,[\"video:end-call\",{\"callId\":\"c1\"}]", "u1"));
        FrameException other = assertThrows(
                FrameException.class,
                () -> tidings(
                        calls, "2/video-calls,1[\"video:answer\",{\"callId\":\"c1\",\"fromUserId\":\"u3\"}]", "u1"));
        assertEquals(ErrorCode.FORBIDDEN, other.code());
        assertEquals("1", other.id());
        assertEquals(
                "42/video-calls,[\"video:answer-received\",{\"callId\":\"c1\",\"fromUserId\":\"u2\",\"answer\":\"a\"}]",
                calls.events()
                        .write(
                                "user:u1:calls",
                                "video:answer",
                                "{\"callId\":\"c1\",\"fromUserId\":\"u2\",\"answer\":\"a\"}",
                                0,
                                9));
        assertEquals(
                "42/video-calls,[\"video:call-ended\",{\"callId\":\"c1\",\"reason\":\"hung_up\"}]",
                calls.events().write("user:u1:calls", "video:end", "{\"callId\":\"c1\",\"reason\":\"hung_up\"}", 0, 9));
    }

    private static String tidings(SocketIoDialect dialect, String packet, String user) {
        return dialect.toTidings(SocketIoPacket.decode(packet), user);
    }

    private static List<String> render(SocketIoDialect dialect, String frame) {
        List<String> out = new ArrayList<>();
        dialect.render(frame, out::add);
        return out;
    }
}
