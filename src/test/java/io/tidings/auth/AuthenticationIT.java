package io.tidings.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.tidings.support.Api;
import io.tidings.support.JwksServer;
import io.tidings.support.RawClient;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens at the handshake and by message, their verification, private channels, expiry and origins. */
class AuthenticationIT extends TidingsIT {

    static JwksServer jwks;
    static final RSAKey RSA_1 = Tokens.newRsaKey("rsa-1");
    static final RSAKey RSA_2 = Tokens.newRsaKey("rsa-2");
    static final ECKey EC_1 = Tokens.newEcKey("ec-1");

    @BeforeAll
    static void startJwks() throws Exception {
        jwks = new JwksServer();
        jwks.serve(RSA_1, EC_1);
    }

    @AfterAll
    static void stopJwks() {
        jwks.close();
    }

    @Test
    void acceptsATokenInTheQuery() {
        try (TestClient client = TestClient.connect(withToken("ws", Tokens.hs256("42")))) {
            assertEquals("42", client.seen().get(0).getString("user"));
        }
    }

    @Test
    void acceptsABearerHeader() {
        try (TestClient client =
                TestClient.connect(api.ws("ws"), Map.of("Authorization", "Bearer " + Tokens.hs256("42")), List.of())) {
            assertEquals("42", client.seen().get(0).getString("user"));
        }
    }

    @Test
    void acceptsTheTokenAsTheSubprotocolAndEchoesIt() {
        String token = Tokens.hs256("42");
        try (TestClient client = TestClient.connect(api.ws("ws"), Map.of(), List.of(token))) {
            assertEquals("42", client.seen().get(0).getString("user"));
            assertEquals(token, client.negotiatedSubprotocol());
        }
    }

    @Test
    void acceptsTheBearerSubprotocolPairAndEchoesTidingsV1() {
        try (TestClient client =
                TestClient.connect(api.ws("ws"), Map.of(), List.of("tidings.v1", "bearer." + Tokens.hs256("42")))) {
            assertEquals("42", client.seen().get(0).getString("user"));
            assertEquals("tidings.v1", client.negotiatedSubprotocol());
        }
    }

    @Test
    void acceptsAnAuthenticateMessage() {
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            assertTrue(client.seen().get(0).isNull("user"));
            client.sendFields("type", "authenticate", "id", "a1", "token", Tokens.hs256("42"));
            JsonObject authenticated = client.awaitType("authenticated");
            assertEquals("a1", authenticated.getString("id"));
            assertEquals("42", authenticated.getString("user"));
            assertTrue(authenticated.getJsonNumber("expires").longValue() > System.currentTimeMillis());
            client.subscribe("user:42:orders");
        }
    }

    static Stream<Arguments> rejectedTokens() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("bad signature", (Supplier<String>) () -> Tokens.hs256WithWrongSecret("42")),
                Arguments.of("alg none", (Supplier<String>) () -> Tokens.none("42")),
                Arguments.of("expired", (Supplier<String>) () -> Tokens.hs256(Tokens.claims("42")
                        .issueTime(Date.from(now.minusSeconds(7200)))
                        .expirationTime(Date.from(now.minusSeconds(3600)))
                        .build())),
                Arguments.of("not yet valid", (Supplier<String>) () -> Tokens.hs256(Tokens.claims("42")
                        .notBeforeTime(Date.from(now.plusSeconds(3600)))
                        .build())),
                Arguments.of("issued in the future", (Supplier<String>) () -> Tokens.hs256(Tokens.claims("42")
                        .issueTime(Date.from(now.plusSeconds(3600)))
                        .build())),
                Arguments.of("wrong issuer", (Supplier<String>) () -> Tokens.hs256(
                        Tokens.claims("42").issuer("https://elsewhere.test").build())),
                Arguments.of("wrong audience", (Supplier<String>) () -> Tokens.hs256(
                        Tokens.claims("42").audience("someone-else").build())),
                Arguments.of("no expiry", (Supplier<String>) () ->
                        Tokens.hs256(Tokens.claims("42").expirationTime(null).build())),
                Arguments.of("RS256 header, HMAC with the HS secret", (Supplier<String>)
                        () -> Tokens.rs256HeaderWithHmacSignature("42")),
                Arguments.of("HS256 with the public key as secret", (Supplier<String>)
                        () -> Tokens.hs256WithPublicKeyAsSecret(RSA_1, "42")),
                Arguments.of("RS256 with an unknown key", (Supplier<String>) () -> Tokens.rs256(
                        Tokens.newRsaKey("rsa-1"), Tokens.claims("42").build())),
                Arguments.of("garbage", (Supplier<String>) () -> "abc.def.ghi"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void closesWith4001BeforeAnyFrameOnABadToken(String why, Supplier<String> token) throws Exception {
        try (RawClient client = RawClient.connect(withToken("ws", token.get()))) {
            RawClient.Frame first = client.read();
            assertEquals(RawClient.Frame.CLOSE, first.opcode(), () -> why + ": no frame before the close");
            assertEquals(4001, first.closeCode(), why);
        }
    }

    @Test
    void rejectsBadTokensInAuthenticateWithoutClosing() {
        try (TestClient client = TestClient.connect(api.ws("ws"))) {
            client.sendFields("type", "authenticate", "id", "a1", "token", Tokens.none("42"));
            JsonObject error = client.awaitType("error");
            assertEquals("unauthorized", error.getString("code"));
            assertFalse(error.getString("message").contains("eyJ"), "no token in the message");
            client.sendFields("type", "ping");
            client.awaitType("pong");
        }
    }

    @Test
    void verifiesRs256AndEs256FromTheJwksAndPicksUpRotatedKeys() {
        try (TestClient rsa = TestClient.connect(
                        withToken("ws", Tokens.rs256(RSA_1, Tokens.claims("7").build())));
                TestClient ec = TestClient.connect(
                        withToken("ws", Tokens.es256(EC_1, Tokens.claims("8").build())))) {
            assertEquals("7", rsa.seen().get(0).getString("user"));
            assertEquals("8", ec.seen().get(0).getString("user"));
        }
        jwks.serve(RSA_2, EC_1); // the issuer rotates: rsa-1 retired, rsa-2 new
        try (TestClient rotated = TestClient.connect(
                withToken("ws", Tokens.rs256(RSA_2, Tokens.claims("9").build())))) {
            assertEquals("9", rotated.seen().get(0).getString("user"));
        } finally {
            jwks.serve(RSA_1, EC_1);
        }
    }

    @Test
    void aUserMaySubscribeToOwnChannelsOnly() {
        try (TestClient user42 = TestClient.connect(withToken("ws", Tokens.hs256("42")))) {
            user42.subscribe("user:42:orders");
            user42.sendFields("type", "subscribe", "id", "s43", "channel", "user:43:orders");
            assertEquals(
                    "forbidden",
                    user42.await(f -> "s43".equals(f.getString("id", null))).getString("code"));
        }
    }

    @Test
    void anAdminMaySubscribeToAnyUsersChannels() {
        try (TestClient admin = TestClient.connect(withToken("ws", Tokens.hs256("root", "admin")))) {
            admin.subscribe("user:43:orders");
            admin.subscribe("balance:0xdeadbeef");
        }
    }

    @Test
    void walletChannelsFollowTheTokensClaims() {
        String token = Tokens.hs256(Tokens.with(
                Tokens.claims("42"),
                Map.of("wallets", List.of("0xAbC123", "So1anaAddr"), "positions", List.of("pos-1"))));
        try (TestClient client = TestClient.connect(withToken("ws", token))) {
            client.subscribe("balance:0xabc123");
            client.subscribe("nft:0xABC123");
            client.subscribe("balance:So1anaAddr");
            client.subscribe("staking:pos-1");
            for (String denied : List.of("balance:0xother", "balance:so1anaaddr", "staking:pos-2")) {
                client.sendFields("type", "subscribe", "id", denied, "channel", denied);
                assertEquals(
                        "forbidden",
                        client.await(f -> denied.equals(f.getString("id", null)))
                                .getString("code"),
                        denied);
            }
        }
    }

    @Test
    void concurrentHandshakesEachKeepTheirOwnUser() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> users = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String user = "c" + i;
                users.add(pool.submit(() -> {
                    try (TestClient client = TestClient.connect(withToken("ws", Tokens.hs256(user)))) {
                        return client.seen().get(0).getString("user");
                    }
                }));
            }
            for (int i = 0; i < users.size(); i++) {
                assertEquals("c" + i, users.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aUsersEventsReachEveryConnectionOfThatUserAndNobodyElse() {
        String u = "u" + UUID.randomUUID().toString().substring(0, 8);
        String other = "o" + UUID.randomUUID().toString().substring(0, 8);
        try (TestClient tab = TestClient.connect(withToken("ws", Tokens.hs256(u)));
                TestClient phone = TestClient.connect(api.ws("ws"), Map.of(), List.of(Tokens.hs256(u)));
                TestClient stranger = TestClient.connect(withToken("ws", Tokens.hs256(other)))) {
            tab.subscribe("user:" + u + ":orders");
            phone.subscribe("user:" + u + ":orders");
            stranger.subscribe("user:" + other + ":orders");

            api.publish(
                    "user:" + u + ":orders",
                    "order.update",
                    Json.createObjectBuilder().add("id", "o1").build());
            api.publish(
                    "user:" + other + ":orders",
                    "order.update",
                    Json.createObjectBuilder().add("id", "o2").build());

            assertEquals(
                    "o1",
                    tab.awaitEvent("user:" + u + ":orders")
                            .getJsonObject("data")
                            .getString("id"));
            assertEquals(
                    "o1",
                    phone.awaitEvent("user:" + u + ":orders")
                            .getJsonObject("data")
                            .getString("id"));
            assertEquals(
                    "o2",
                    stranger.awaitEvent("user:" + other + ":orders")
                            .getJsonObject("data")
                            .getString("id"));
            assertTrue(
                    stranger.seen().stream()
                            .noneMatch(f -> ("user:" + u + ":orders").equals(f.getString("channel", null))),
                    () -> "stranger saw " + stranger.seen());
        }
    }

    @Test
    void protectedNamespacesCloseWith4001WhenNoTokenArrivesInTime() {
        try (TestClient client = TestClient.connect(api.ws("messaging"))) {
            assertTrue(client.seen().get(0).isNull("user"));
            assertEquals(4001, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void authenticatingInTimeKeepsAProtectedConnection() {
        // Expires in 63 s: its token_expiring (60 s ahead) comes about 3 s from now, after the test servers'
        // 2 s auth timeout, so it only arrives if authenticating stopped that timer.
        String token = Tokens.hs256(Tokens.claims("42")
                .expirationTime(Date.from(Instant.now().plusSeconds(63)))
                .build());
        try (TestClient client = TestClient.connect(api.ws("notifications"))) {
            client.sendFields("type", "authenticate", "token", token);
            client.awaitType("authenticated");
            client.subscribe("user:42:notifications");
            api.publish(
                    "user:42:notifications",
                    "notification",
                    Json.createObjectBuilder().add("notificationId", "n1").build());
            client.awaitEvent("user:42:notifications");
            client.awaitType("token_expiring");
            assertTrue(client.isOpen());
        }
    }

    @Test
    void adminNamespaceNeedsTheAdminRole() throws Exception {
        try (RawClient user = RawClient.connect(withToken("admin", Tokens.hs256("42")))) {
            assertEquals(4001, user.readUntilClosed());
        }
        try (TestClient admin = TestClient.connect(withToken("admin", Tokens.hs256("root", "admin")))) {
            assertEquals("root", admin.seen().get(0).getString("user"));
        }
    }

    @Test
    void anAdminDisconnectsEveryConnectionOfAUserWith4011AndNobodyElses() {
        String victim = "victim-" + UUID.randomUUID();
        try (TestClient first = TestClient.connect(withToken("ws", Tokens.hs256(victim)));
                TestClient second = TestClient.connect(withToken("messaging", Tokens.hs256(victim)));
                TestClient bystander = TestClient.connect(withToken("ws", Tokens.hs256("bystander")));
                TestClient admin = TestClient.connect(withToken("admin", Tokens.hs256("root", "admin")))) {
            admin.sendFields("type", "admin:disconnect", "id", "d1", "userId", victim);
            assertEquals(
                    "ack",
                    admin.await(f -> "d1".equals(f.getString("id", null))).getString("type"));
            assertEquals(4011, first.awaitClose().getCloseCode().getCode());
            assertEquals(4011, second.awaitClose().getCloseCode().getCode());
            bystander.sendFields("type", "ping", "id", "still-here");
            assertEquals(
                    "pong",
                    bystander
                            .await(f -> "still-here".equals(f.getString("id", null)))
                            .getString("type"));
        }
    }

    @Test
    void theApiDisconnectsEveryConnectionOfAUserWith4011AndNobodyElses() {
        String victim = "victim-" + UUID.randomUUID();
        try (TestClient first = TestClient.connect(withToken("ws", Tokens.hs256(victim)));
                TestClient second = TestClient.connect(withToken("notifications", Tokens.hs256(victim)));
                TestClient bystander = TestClient.connect(withToken("ws", Tokens.hs256("bystander")))) {
            var unauthorized = api.post("api/users/" + victim + "/disconnect", "");
            assertEquals(401, unauthorized.statusCode());
            assertTrue(first.isOpen());
            var answer = api.post("api/users/" + victim + "/disconnect", "", "X-API-Key", Api.KEY);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(2, Api.json(answer.body()).getInt("disconnected"));
            assertEquals(4011, first.awaitClose().getCloseCode().getCode());
            assertEquals(4011, second.awaitClose().getCloseCode().getCode());
            bystander.sendFields("type", "ping", "id", "still-here");
            bystander.await(f -> "still-here".equals(f.getString("id", null)));
        }
    }

    @Test
    void anAdminVerbIsAnUnknownTypeOnAnotherNamespace() {
        try (TestClient admin = TestClient.connect(withToken("ws", Tokens.hs256("root", "admin")))) {
            admin.sendFields("type", "admin:disconnect", "id", "d2", "userId", "42");
            JsonObject error = admin.await(f -> "d2".equals(f.getString("id", null)));
            assertEquals("bad_request", error.getString("code"));
            assertEquals("unknown type: admin:disconnect", error.getString("message"));
        }
    }

    @Test
    void refreshKeepsTheUserAndRefusesAnother() {
        try (TestClient client = TestClient.connect(withToken("ws", Tokens.hs256("42")))) {
            String fresh = Tokens.hs256(Tokens.claims("42")
                    .expirationTime(Date.from(Instant.now().plusSeconds(7200)))
                    .build());
            client.sendFields("type", "authenticate", "id", "r1", "token", fresh);
            JsonObject refreshed = client.awaitType("authenticated");
            assertEquals("42", refreshed.getString("user"));
            assertTrue(refreshed.getJsonNumber("expires").longValue() > System.currentTimeMillis() + 3_600_000);

            client.sendFields("type", "authenticate", "id", "r2", "token", Tokens.hs256("43"));
            JsonObject refused = client.await(f -> "r2".equals(f.getString("id", null)));
            assertEquals("forbidden", refused.getString("code"));
            client.subscribe("user:42:orders"); // still user 42
        }
    }

    @Test
    void warnsBeforeExpiryAndClosesWith4010AtExpiry() {
        String shortLived = Tokens.hs256(Tokens.claims("42")
                .expirationTime(Date.from(Instant.now().plusSeconds(3)))
                .build());
        try (TestClient client = TestClient.connect(withToken("ws", shortLived))) {
            JsonObject warning = client.awaitType("token_expiring");
            assertTrue(warning.getJsonNumber("expires").longValue() > 0);
            assertEquals(4010, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void refusesAForeignOriginWith403() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> TestClient.open(
                        api.ws("ws"), TestClient.config(Map.of("Origin", "http://evil.test"), List.of())));
        assertTrue(causes(refused).contains("403"), causes(refused));
        try (TestClient allowed =
                TestClient.connect(api.ws("ws"), Map.of("Origin", "http://allowed.test"), List.of())) {
            assertTrue(allowed.isOpen());
        }
    }

    @Test
    void anAddressThatFailsOftenIsSlowedButItsAnonymousAndValidConnectionsGetIn() throws Exception {
        // a client of its own behind the trusted proxy 127.0.0.2 (see arquillian.xml), so no other test shares it
        Map<String, String> from = Map.of("X-Forwarded-For", "198.51.100." + (1 + new Random().nextInt(250)));
        String alice = Tokens.hs256("alice");
        assertEquals(0, badTokens(25, from), "the first 25 are all verified (limit 20, then the budget)");
        try (RawClient anonymous = RawClient.connect(api.ws("ws"), "127.0.0.2", from);
                RawClient valid = RawClient.connect(withToken("ws", alice), "127.0.0.2", from)) {
            assertEquals("connected", Api.json(anonymous.read().text()).getString("type"));
            assertEquals("alice", Api.json(valid.read().text()).getString("user"), "a valid token still gets in");
        }
        assertTrue(badTokens(60, from) > 0, "once the budget is spent, bad tokens are refused unverified");
        try (RawClient again = RawClient.connect(withToken("ws", alice), "127.0.0.2", from)) {
            assertEquals("alice", Api.json(again.read().text()).getString("user"), "a token verified lately is known");
        }
    }

    /** Connects with {@code count} bad tokens; returns how many were refused without being verified. */
    private int badTokens(int count, Map<String, String> from) throws Exception {
        int unverified = 0;
        for (int i = 0; i < count; i++) {
            try (RawClient bad =
                    RawClient.connect(withToken("ws", Tokens.hs256WithWrongSecret("mallory")), "127.0.0.2", from)) {
                RawClient.Frame close = bad.read();
                assertEquals(4001, close.closeCode());
                String reason = new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8);
                if (reason.startsWith("too many failed authentications")) {
                    unverified++;
                }
            }
        }
        return unverified;
    }

    @Test
    void theHttpApiAcceptsPublisherTokens() {
        String body = "{\"channel\":\"status\",\"event\":\"status.update\",\"data\":{}}";
        HttpResponse<String> publisher =
                api.post("api/publish", body, "Authorization", "Bearer " + Tokens.hs256("backend", "publisher"));
        assertEquals(200, publisher.statusCode(), publisher.body());
        HttpResponse<String> plainUser = api.post("api/publish", body, "Authorization", "Bearer " + Tokens.hs256("42"));
        assertEquals(403, plainUser.statusCode(), "valid credentials without the role");
        HttpResponse<String> forged =
                api.post("api/publish", body, "Authorization", "Bearer " + Tokens.none("backend"));
        assertEquals(401, forged.statusCode());
    }

    private URI withToken(String namespace, String token) {
        return URI.create(api.ws(namespace) + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append(" / ");
        }
        return all.toString();
    }
}
