package io.tidings.security;

import static io.tidings.security.Frames.assertAck;
import static io.tidings.security.Frames.assertRefused;

import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The limits on calls of {@code /video-calls}: at most 3 calls ringing to one callee, one ringing call per caller and
 * callee, 8 calls at once per user as caller or callee, 20 accepted offers per minute to one callee. Every refusal is
 * {@code rate_limited} with the offer's id. The test servers ring for 2 s (arquillian.xml): the ringing calls of a
 * test are placed and ended well within that.
 */
class CallLimitsIT extends TidingsIT {

    private static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0 o=- 1 2 IN IP4 127.0.0.1\"}";
    private static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\"}";

    @Test
    void aCalleeRingsForAtMostThreeCallersAndMayStillPlaceItsOwnCall() {
        Parties p = new Parties();
        try (Clients clients = new Clients()) {
            TestClient callee = p.device(clients, "callee");
            TestClient friend = p.device(clients, "friend");
            List<TestClient> callers = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                callers.add(p.device(clients, "caller" + i));
            }
            for (int i = 1; i <= 3; i++) {
                String callId = p.call("ring" + i);
                assertAck(offer(callers.get(i - 1), callId, p.user("callee")), "offer " + i + " of 3");
                awaitIncoming(callee, callId);
            }
            String fourth = p.call("ring4");
            assertRefused(
                    offer(callers.get(3), fourth, p.user("callee")),
                    "o-" + fourth,
                    "rate_limited",
                    "a fourth call ringing to the callee");
            assertRefused(
                    end(callers.get(3), fourth),
                    "e-" + fourth,
                    "forbidden",
                    "ending the refused call: the refusal left no call behind");

            String own = p.call("own");
            assertAck(offer(callee, own, p.user("friend")), "the callee's own call while three ring to it");
            awaitIncoming(friend, own);

            for (int i = 1; i <= 3; i++) {
                assertAck(end(callers.get(i - 1), p.call("ring" + i)), "ending call " + i);
            }
            assertAck(end(callee, own), "ending the callee's own call");
        }
    }

    @Test
    void aCallerRingsTheSameCalleeOnlyOnceAtATime() {
        Parties p = new Parties();
        try (Clients clients = new Clients()) {
            TestClient caller = p.device(clients, "caller");
            TestClient callee = p.device(clients, "callee");
            TestClient another = p.device(clients, "another");
            TestClient otherCaller = p.device(clients, "othercaller");
            String first = p.call("first");
            assertAck(offer(caller, first, p.user("callee")), "the first offer");
            awaitIncoming(callee, first);

            String second = p.call("second");
            assertRefused(
                    offer(caller, second, p.user("callee")),
                    "o-" + second,
                    "rate_limited",
                    "a second offer to the same callee while the first rings");

            String elsewhere = p.call("elsewhere");
            assertAck(offer(caller, elsewhere, p.user("another")), "the same caller's offer to another callee");
            awaitIncoming(another, elsewhere);
            String fromOther = p.call("fromother");
            assertAck(offer(otherCaller, fromOther, p.user("callee")), "another caller's offer to the same callee");
            awaitIncoming(callee, fromOther);

            assertAck(end(caller, first), "ending the first call");
            assertAck(end(caller, elsewhere), "ending the call to another callee");
            assertAck(end(otherCaller, fromOther), "ending the other caller's call");
        }
    }

    @Test
    void aUserInEightCallsTakesNoNinthAsCalleeNorPlacesOne() {
        Parties p = new Parties();
        try (Clients clients = new Clients()) {
            TestClient busy = p.device(clients, "busy");
            TestClient friend = p.device(clients, "friend");
            List<String> answered = new ArrayList<>();
            List<TestClient> callers = new ArrayList<>();
            for (int i = 1; i <= 8; i++) { // answered one by one: at most 3 may ring at once
                TestClient caller = p.device(clients, "caller" + i);
                callers.add(caller);
                String callId = p.call("c" + i);
                assertAck(offer(caller, callId, p.user("busy")), "offer " + i + " of 8");
                awaitIncoming(busy, callId);
                assertAck(answer(busy, callId), "answering call " + i);
                caller.await(f -> "video:answer".equals(f.getString("event", null))
                        && callId.equals(f.getJsonObject("data").getString("callId", null)));
                answered.add(callId);
            }
            TestClient ninth = p.device(clients, "caller9");
            String refused = p.call("c9");
            assertRefused(
                    offer(ninth, refused, p.user("busy")),
                    "o-" + refused,
                    "rate_limited",
                    "an offer to a callee in 8 calls");
            String outgoing = p.call("out");
            assertRefused(
                    offer(busy, outgoing, p.user("caller9")),
                    "o-" + outgoing,
                    "rate_limited",
                    "its own offer while in 8 calls as callee");
            String notLimited = p.call("free");
            assertAck(offer(ninth, notLimited, p.user("friend")), "the refused caller may call someone else");
            awaitIncoming(friend, notLimited);
            assertAck(end(ninth, notLimited), "ending that call");

            for (int i = 0; i < answered.size(); i++) {
                assertAck(end(callers.get(i), answered.get(i)), "ending answered call " + (i + 1));
            }
            String again = p.call("again");
            assertAck(offer(ninth, again, p.user("busy")), "an offer once the callee's calls ended");
            awaitIncoming(busy, again);
            assertAck(end(ninth, again), "ending it");
        }
    }

    @Test
    void aCalleeTakesAtMostTwentyOffersAMinute() {
        Parties p = new Parties();
        try (Clients clients = new Clients()) {
            TestClient caller = p.device(clients, "caller");
            TestClient callee = p.device(clients, "callee");
            TestClient otherCaller = p.device(clients, "othercaller");
            TestClient another = p.device(clients, "another");
            for (int i = 1; i <= 20; i++) {
                String callId = p.call("ring" + i);
                assertAck(offer(caller, callId, p.user("callee")), "offer " + i + " of 20");
                assertAck(end(caller, callId), "ending call " + i);
            }
            awaitIncoming(callee, p.call("ring20"));

            String extra = p.call("ring21");
            assertRefused(
                    offer(caller, extra, p.user("callee")),
                    "o-" + extra,
                    "rate_limited",
                    "the 21st offer within a minute to one callee");
            assertRefused(
                    end(caller, extra),
                    "e-" + extra,
                    "forbidden",
                    "ending the refused call: the refusal left no call behind");
            String fromOther = p.call("fromother");
            assertRefused(
                    offer(otherCaller, fromOther, p.user("callee")),
                    "o-" + fromOther,
                    "rate_limited",
                    "another caller's offer to the same callee within the minute");

            String elsewhere = p.call("elsewhere");
            assertAck(offer(caller, elsewhere, p.user("another")), "the caller's offer to another callee");
            awaitIncoming(another, elsewhere);
            assertAck(end(caller, elsewhere), "ending it");
        }
    }

    /** Sends a {@code video:offer} (frame id {@code o-<callId>}) and returns the answer to it. */
    private static JsonObject offer(TestClient from, String callId, String to) {
        String id = "o-" + callId;
        from.send("{\"type\":\"video:offer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"toUserId\":\"" + to
                + "\",\"offer\":" + OFFER + "}");
        return from.await(f -> id.equals(f.getString("id", null)));
    }

    private static JsonObject answer(TestClient callee, String callId) {
        String id = "a-" + callId;
        callee.send("{\"type\":\"video:answer\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\",\"answer\":"
                + ANSWER + "}");
        return callee.await(f -> id.equals(f.getString("id", null)));
    }

    private static JsonObject end(TestClient party, String callId) {
        String id = "e-" + callId;
        party.send("{\"type\":\"video:end\",\"id\":\"" + id + "\",\"callId\":\"" + callId + "\"}");
        return party.await(f -> id.equals(f.getString("id", null)));
    }

    private static JsonObject awaitIncoming(TestClient callee, String callId) {
        return callee.await(f -> "video:incoming-call".equals(f.getString("event", null))
                && callId.equals(f.getJsonObject("data").getString("callId", null)));
    }

    /** Users and call ids of this test alone. */
    private final class Parties {
        final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

        String user(String name) {
            return name + "-" + tag;
        }

        String call(String name) {
            return name + "-" + tag;
        }

        /** Connected as that user, and subscribed (by the server) to its calls channel. */
        TestClient device(Clients clients, String name) {
            TestClient client = clients.add(
                    TestClient.connect(URI.create(api.ws("video-calls") + "?token=" + Tokens.hs256(user(name)))));
            client.awaitType("subscribed");
            return client;
        }
    }
}
