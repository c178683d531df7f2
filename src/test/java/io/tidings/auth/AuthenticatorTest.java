package io.tidings.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.lifecycle.TokenRefused;
import io.tidings.support.RecordingEvents;
import io.tidings.support.Tokens;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An address that fails often is slowed down, not locked out: valid tokens and other addresses still get in. */
class AuthenticatorTest {

    private static final String NAT = "203.0.113.7";

    private final RecordingEvents events = new RecordingEvents();
    private final Authenticator authenticator = new Authenticator(
            Optional.of(Tokens.SECRET),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Tokens.ISSUER),
            Optional.of(Tokens.AUDIENCE),
            30,
            30,
            20,
            60,
            events);

    @Test
    void afterManyFailuresAValidTokenFromTheSameAddressStillGetsIn() throws Exception {
        failTimes(25, NAT);
        assertEquals(
                "alice", authenticator.authenticate(Tokens.hs256("alice"), NAT).getName());
    }

    @Test
    void pastTheLimitBadTokensAreRefusedWithoutVerifyingOnceTheBudgetIsSpent() {
        failTimes(20, NAT);
        int verified = 0;
        for (int i = 0; i < 100; i++) {
            TokenException e = assertThrows(
                    TokenException.class, () -> authenticator.authenticate(Tokens.hs256WithWrongSecret("x"), NAT));
            if (!e.getMessage().startsWith("too many failed authentications")) {
                verified++;
            }
        }
        assertTrue(verified <= 21, "at most the budget's burst was verified: " + verified);
        assertTrue(events.of(TokenRefused.class).size() >= 120, "every refusal is counted");
    }

    @Test
    void aTokenVerifiedBeforeIsKnownEvenWhenTheBudgetIsSpent() throws Exception {
        String token = Tokens.hs256("bob");
        authenticator.authenticate(token, NAT);
        failTimes(80, NAT); // spends the budget too
        assertEquals("bob", authenticator.authenticate(token, NAT).getName());
    }

    @Test
    void otherAddressesAndTheHttpApiKeepTheirOwnCount() throws Exception {
        failTimes(80, NAT);
        assertThrows(TokenException.class, () -> authenticator.authenticate(Tokens.hs256WithWrongSecret("x"), NAT));
        assertEquals(
                "carol",
                authenticator
                        .authenticate(Tokens.hs256("carol"), "198.51.100.1")
                        .getName());
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    "backend",
                    authenticator
                            .authenticateApi(Tokens.hs256("backend", "publisher"), NAT)
                            .getName());
        }
    }

    private void failTimes(int times, String address) {
        for (int i = 0; i < times; i++) {
            assertThrows(
                    TokenException.class,
                    () -> authenticator.authenticate(Tokens.hs256WithWrongSecret("mallory"), address));
        }
    }
}
