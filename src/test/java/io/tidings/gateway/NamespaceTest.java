package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.admin.AdminFrame;
import io.tidings.protocol.CoreFrame;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.VerbGuard;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NamespaceTest {

    private static final VerbGuard ANYONE = (access, id) -> {};
    private static final String DISCONNECT = "{\"type\":\"admin:disconnect\",\"id\":\"d1\",\"userId\":\"bob\"}";

    @Test
    void aVerbOfOneNamespaceIsAnUnknownTypeOnAnother() {
        assertInstanceOf(AdminFrame.Disconnect.class, Namespace.ADMIN.decoder().decode(DISCONNECT, ANYONE));
        for (Namespace other :
                Set.of(Namespace.WS, Namespace.MESSAGING, Namespace.NOTIFICATIONS, Namespace.VIDEO_CALLS)) {
            FrameException e =
                    assertThrows(FrameException.class, () -> other.decoder().decode(DISCONNECT, ANYONE), other.path());
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
            assertEquals("unknown type: admin:disconnect", e.getMessage());
            assertEquals("d1", e.id());
        }
    }

    @ParameterizedTest
    @EnumSource(Namespace.class)
    void everyNamespaceKnowsTheCoreFrames(Namespace namespace) {
        assertInstanceOf(CoreFrame.Ping.class, namespace.decoder().decode("{\"type\":\"ping\"}", ANYONE));
        assertInstanceOf(
                CoreFrame.Subscribe.class,
                namespace.decoder().decode("{\"type\":\"subscribe\",\"channel\":\"status\"}", ANYONE));
    }

    @Test
    void pathsAreUnique() {
        assertEquals(
                Namespace.values().length,
                Arrays.stream(Namespace.paths()).collect(Collectors.toSet()).size());
    }

    @Test
    void theMonitorAndTheApiKnowEveryNamespacesChannels() {
        for (String channel : Set.of("ticker:BTCUSDT", "conversation:9", "user:u1:calls", "presence:conversation:9")) {
            assertTrue(Namespace.everyChannel().resolve(channel).isPresent(), channel);
            assertTrue(Namespace.ADMIN.rules().resolve(channel).isPresent(), channel);
        }
        assertTrue(Namespace.WS.rules().resolve("conversation:9").isEmpty(), "conversations live on /messaging");
    }

    @Test
    void aVerbHandlerHandlesItsNamespacesFrameType() {
        assertEquals(AdminFrame.class, new io.tidings.admin.AdminVerbs(null, null).frameType());
    }
}
