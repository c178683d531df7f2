package io.tidings.auth;

import static io.tidings.auth.ChannelAccess.Decision.ALLOW;
import static io.tidings.auth.ChannelAccess.Decision.FORBIDDEN;
import static io.tidings.auth.ChannelAccess.Decision.UNAUTHORIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidings.channel.ChannelRules;
import io.tidings.support.Tokens;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelAccessTest {

    private final ChannelRules rules = ChannelRules.market();
    private final ChannelAccess access = new ChannelAccess("wallets", "positions", rules);
    private final TokenVerifier verifier = new TokenVerifier(
            Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 30, 30);

    @Test
    void publicChannelsAreForAnyone() throws TokenException {
        assertEquals(ALLOW, decide("ticker:BTCUSDT", null));
        assertEquals(ALLOW, decide("presence:ticker:BTCUSDT", null));
        assertEquals(ALLOW, decide("status", user("42")));
    }

    @Test
    void privateChannelsNeedAUser() {
        for (String channel :
                List.of("user:42:orders", "balance:0xabc", "nft:0xabc", "staking:p1", "presence:user:42:orders")) {
            assertEquals(UNAUTHORIZED, decide(channel, null), channel);
        }
    }

    @Test
    void userChannelsAreTheirOwnersAndAdmins() throws TokenException {
        assertEquals(ALLOW, decide("user:42:orders", user("42")));
        assertEquals(FORBIDDEN, decide("user:43:orders", user("42")));
        assertEquals(FORBIDDEN, decide("presence:user:43:orders", user("42")));
        assertEquals(ALLOW, decide("user:43:orders", user("root", "admin")));
    }

    @Test
    void walletChannelsFollowTheClaimsHexAddressesIgnoringCase() throws TokenException {
        UserToken holder = verifier.verify(Tokens.hs256(
                Tokens.with(Tokens.claims("42"), Map.of("wallets", List.of("0xAbC", "SoLAddr"), "positions", "p1"))));
        assertEquals(ALLOW, decide("balance:0xabc", holder));
        assertEquals(ALLOW, decide("nft:0XABC", holder));
        assertEquals(ALLOW, decide("balance:SoLAddr", holder));
        assertEquals(FORBIDDEN, decide("balance:soladdr", holder), "base58 is case-sensitive");
        assertEquals(ALLOW, decide("staking:p1", holder), "a single string claim counts as a list of one");
        assertEquals(FORBIDDEN, decide("staking:p2", holder));
        assertEquals(FORBIDDEN, decide("balance:0xabc", user("43")));
    }

    @Test
    void conversationsAreNotDecidedByTheToken() throws TokenException {
        ChannelRules messaging = ChannelRules.messaging();
        ChannelAccess onMessaging = new ChannelAccess("wallets", "positions", messaging);
        assertEquals(
                FORBIDDEN,
                onMessaging.subscribe(messaging.resolve("conversation:1").orElseThrow(), user("42")));
    }

    private ChannelAccess.Decision decide(String channel, UserToken user) {
        return access.subscribe(rules.resolve(channel).orElseThrow(), user);
    }

    private UserToken user(String id, String... groups) throws TokenException {
        return verifier.verify(Tokens.hs256(id, groups));
    }
}
