package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.admin.AdminFrame;
import io.tidings.auth.UserToken;
import io.tidings.calls.CallsFrame;
import io.tidings.messaging.MessagingFrame;
import io.tidings.notifications.NotificationsFrame;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.Verb;
import io.tidings.protocol.VerbAccess;
import io.tidings.support.Tokens;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every verb says who may send it, and the one check before decoding holds to it. */
class VerbAccessTest {

    private static final Set<String> BEFORE_AUTHENTICATION = Set.of("authenticate", "ping");
    private static final UserToken USER = Tokens.verified("alice");
    private static final UserToken ADMIN = Tokens.verified("root", "admin");

    @ParameterizedTest
    @EnumSource(Namespace.class)
    void everyVerbDeclaresWhoMaySendIt(Namespace namespace) {
        namespace.decoder().verbs().forEach((type, verb) -> {
            assertNotNull(verb.access(), type);
            if (verb.access() == VerbAccess.ANYONE) {
                assertTrue(BEFORE_AUTHENTICATION.contains(type), type + " may not be open before authentication");
            }
        });
        assertThrows(NullPointerException.class, () -> new Verb(null, (id, o) -> null), "a verb without a rule");
    }

    @Test
    void everyVerbRecordOfANamespaceIsDeclaredAsAVerbThatNeedsAUser() {
        Map<Class<?>, Map<String, Verb>> namespaces = Map.of(
                MessagingFrame.class, MessagingFrame.VERBS,
                NotificationsFrame.class, NotificationsFrame.VERBS,
                CallsFrame.class, CallsFrame.VERBS,
                AdminFrame.class, AdminFrame.VERBS);
        namespaces.forEach((type, verbs) -> {
            assertEquals(type.getPermittedSubclasses().length, verbs.size(), type.getSimpleName());
            verbs.forEach((name, verb) ->
                    assertTrue(verb.access() == VerbAccess.USER || verb.access() == VerbAccess.ADMIN, name));
        });
        AdminFrame.VERBS.forEach((name, verb) -> assertEquals(VerbAccess.ADMIN, verb.access(), name));
    }

    @Test
    void aVerbForUsersIsUnauthorizedWithoutOneWithTheFramesId() {
        FrameException e = assertThrows(
                FrameException.class, () -> FrameIntake.authorize(Namespace.MESSAGING, null, VerbAccess.USER, "m1"));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals("m1", e.id());
        assertDoesNotThrow(() -> FrameIntake.authorize(Namespace.MESSAGING, USER, VerbAccess.USER, "m1"));
    }

    @Test
    void anAdminVerbNeedsTheRole() {
        assertEquals(
                ErrorCode.UNAUTHORIZED,
                assertThrows(
                                FrameException.class,
                                () -> FrameIntake.authorize(Namespace.ADMIN, null, VerbAccess.ADMIN, "q4"))
                        .code());
        assertEquals(
                ErrorCode.FORBIDDEN,
                assertThrows(
                                FrameException.class,
                                () -> FrameIntake.authorize(Namespace.ADMIN, USER, VerbAccess.ADMIN, "q4"))
                        .code());
        assertDoesNotThrow(() -> FrameIntake.authorize(Namespace.ADMIN, ADMIN, VerbAccess.ADMIN, "q4"));
    }

    @Test
    void theCoreVerbsAskWhatTheNamespaceAdmits() {
        assertDoesNotThrow(() -> FrameIntake.authorize(Namespace.WS, null, VerbAccess.ADMITTED, "s"));
        for (Namespace namespace : Set.of(Namespace.MESSAGING, Namespace.NOTIFICATIONS, Namespace.VIDEO_CALLS)) {
            assertThrows(
                    FrameException.class,
                    () -> FrameIntake.authorize(namespace, null, VerbAccess.ADMITTED, "s"),
                    namespace.path());
        }
        assertThrows(
                FrameException.class, () -> FrameIntake.authorize(Namespace.ADMIN, USER, VerbAccess.ADMITTED, "s"));
        assertDoesNotThrow(() -> FrameIntake.authorize(Namespace.ADMIN, null, VerbAccess.ANYONE, "p"));
    }
}
