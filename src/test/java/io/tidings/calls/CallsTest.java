package io.tidings.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidings.channel.ChannelRules;
import io.tidings.channel.KnownChannels;
import io.tidings.cluster.LocalBus;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.metrics.Metrics;
import io.tidings.presence.LocalPresenceStore;
import io.tidings.protocol.FrameException;
import io.tidings.session.Connection;
import io.tidings.session.DeliveryMeter;
import io.tidings.session.Limits;
import io.tidings.session.SessionRegistry;
import io.tidings.session.SubscriptionBudget;
import io.tidings.support.ManualScheduler;
import io.tidings.support.RecordingEvents;
import io.tidings.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** A call's course through {@link Calls}, on one node's stores: who hears what, once. */
class CallsTest {

    private final RecordingEvents published = new RecordingEvents();
    private final ManualScheduler time = new ManualScheduler();
    private final SessionRegistry registry = new SessionRegistry(
            new Limits(16, 100, 100),
            SubscriptionBudget.ofHeap(25),
            new io.tidings.session.ChannelInterest() {
                @Override
                public CompletionStage<Void> first(String channel) {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void last(String channel) {}
            },
            DeliveryMeter.NONE,
            new RecordingEvents(),
            Runnable::run);

    private Calls calls(CallStore store) {
        Calls calls = new Calls();
        calls.store = store;
        calls.connected = new LocalPresenceStore();
        calls.publisher = new Publisher(
                new LocalBus(entry -> {}, 10, 300),
                new KnownChannels(ChannelRules.userStream("calls")),
                Optional.empty(),
                published,
                new Metrics());
        calls.registry = registry;
        calls.ringSeconds = 30;
        calls.scheduler = time.executor();
        return calls;
    }

    private Calls calls() {
        return calls(new LocalCallStore(new CallStore.CallLimits(100, 8, 3, 20)));
    }

    private Connection device(String user) {
        Connection device = registry.open(session(), Calls.NAMESPACE, "127.0.0.1", Tokens.verified(user));
        return device;
    }

    /** "event to user", in order, for the calls channels. */
    private List<String> heard() {
        return published.of(PublicationAccepted.class).stream()
                .map(p -> p.event() + " to " + p.channel().split(":")[1]
                        + (p.data().containsKey("reason") ? " " + p.data().getString("reason") : ""))
                .toList();
    }

    private static CallsFrame.Offer offer(String callId, String to) {
        return new CallsFrame.Offer("o", callId, to, Json.createValue("v=0"));
    }

    @Test
    void theFirstDeviceToAnswerTakesTheCallAndTheOthersAreTold() {
        Calls calls = calls();
        Connection ann = device("ann");
        Connection phone = device("bob");
        Connection laptop = device("bob");
        calls.offer(ann, offer("c1", "bob"));
        assertEquals(List.of("video:incoming-call to bob"), heard());

        calls.answer(phone, new CallsFrame.Answer("a", "c1", Json.createValue("v=0")));
        assertEquals(
                List.of("video:incoming-call to bob", "video:answer to ann", "video:end to bob answered_elsewhere"),
                heard());
        FrameException late = assertThrows(
                FrameException.class, () -> calls.answer(laptop, new CallsFrame.Answer("a2", "c1", JsonValue.NULL)));
        assertEquals("answered on another device", late.getMessage());
        assertEquals(0, time.runDue(), "the ring timeout was stopped");
    }

    @Test
    void anUnansweredCallIsMissedOnBothSidesOnce() {
        Calls calls = calls();
        calls.offer(device("ann"), offer("c2", "bob"));
        time.runDue();
        time.runDue();
        assertEquals(List.of("video:incoming-call to bob", "video:missed to ann", "video:missed to bob"), heard());
    }

    @Test
    void onlyThePartiesMaySpeakOfACall() {
        Calls calls = calls();
        calls.offer(device("ann"), offer("c3", "bob"));
        Connection eve = device("eve");
        FrameException refused = assertThrows(
                FrameException.class,
                () -> calls.candidate(eve, new CallsFrame.IceCandidate("i", "c3", JsonValue.EMPTY_JSON_OBJECT)));
        assertEquals("not a party to this call", refused.getMessage());
        assertThrows(FrameException.class, () -> calls.hangUp(eve, new CallsFrame.End("e", "c3")));
        assertThrows(
                FrameException.class,
                () -> calls.offer(device("ann"), offer("c4", "ann")),
                "a call needs another user");
    }

    @Test
    void aCallEndsWhenTheCalleesLastDeviceClosesNotBefore() {
        Calls calls = calls();
        calls.offer(device("ann"), offer("c5", "bob"));
        Connection phone = device("bob");
        Connection laptop = device("bob");
        calls.authenticated(new io.tidings.lifecycle.ConnectionAuthenticated(phone.id(), Calls.NAMESPACE, "bob"));
        calls.closed(new ConnectionClosed(laptop.id(), Calls.NAMESPACE, "bob", 1000));
        registry.close(laptop, 1000);
        assertEquals(List.of("video:incoming-call to bob"), heard(), "the phone still rings");
        calls.closed(new ConnectionClosed(phone.id(), Calls.NAMESPACE, "bob", 1000));
        assertEquals(List.of("video:incoming-call to bob", "video:end to ann disconnected"), heard());
    }

    @Test
    void aRingingCallWhoseNodeDiedIsMissedByTheNodeThatLooks() {
        LocalCallStore store = new LocalCallStore(new CallStore.CallLimits(100, 8, 3, 20)) {
            @Override
            public List<String> overdue() {
                return get("c6")
                        .filter(CallRecord::ringing)
                        .map(call -> List.of("c6"))
                        .orElse(List.of());
            }
        };
        Calls calls = calls(store);
        assertNull(store.offer(CallStoreContract.call("c6", "ann", "bob"), 0));
        calls.start(null);
        time.runRepeated();
        time.runRepeated();
        assertEquals(List.of("video:missed to ann", "video:missed to bob"), heard());
    }

    @Test
    void whenThePresenceStoreMissedCountsEachUsersCallConnectionsAreToldAgain() {
        LocalPresenceStore connected = new LocalPresenceStore();
        Calls calls = calls();
        calls.connected = connected;
        device("bob");
        device("bob");
        calls.toldAgain(new io.tidings.presence.PresenceStore.SetAgain());
        assertEquals(2, connected.member(Calls.CONNECTED, "bob").orElseThrow().connections());
    }

    private static Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "getUserProperties" -> new java.util.HashMap<String, Object>();
                    default -> null;
                });
    }
}
