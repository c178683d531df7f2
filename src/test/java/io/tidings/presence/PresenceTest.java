package io.tidings.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.channel.ChannelRules;
import io.tidings.channel.KnownChannels;
import io.tidings.cluster.LocalBus;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.lifecycle.Subscribed;
import io.tidings.lifecycle.Unsubscribed;
import io.tidings.metrics.Metrics;
import io.tidings.support.ManualScheduler;
import io.tidings.support.RecordingEvents;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Joins and leaves from the lifecycle events, with the grace period, on one node's store. */
class PresenceTest {

    private static final String CHANNEL = "trades:BTCUSDT";

    private final RecordingEvents published = new RecordingEvents();
    private final RecordingEvents fired = new RecordingEvents();
    private final ManualScheduler time = new ManualScheduler();

    private Presence presence(PresenceStore store) {
        Presence presence = new Presence();
        presence.publisher = new Publisher(
                new LocalBus(entry -> {}, 10, 300),
                new KnownChannels(ChannelRules.market()),
                Optional.empty(),
                published,
                new Metrics());
        presence.store = store;
        presence.scheduler = time.executor();
        presence.graceSeconds = 5;
        presence.channelPrefixes = Optional.empty();
        presence.departed = cast(fired);
        presence.toldAgain = cast(fired);
        presence.configure();
        return presence;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> jakarta.enterprise.event.Event<T> cast(RecordingEvents events) {
        return (jakarta.enterprise.event.Event) events;
    }

    /** "join ann", "leave ann", ... as published to the channel's presence. */
    private List<String> announced() {
        return published.of(PublicationAccepted.class).stream()
                .filter(p -> p.channel().equals("presence:" + CHANNEL))
                .map(p -> p.event() + " " + p.data().getString("user"))
                .toList();
    }

    @Test
    void aUserJoinsWithItsFirstConnectionAndLeavesOnlyTheGraceAfterItsLast() {
        Presence presence = presence(new LocalPresenceStore());
        presence.subscribed(new Subscribed("c1", "/ws", "ann", CHANNEL));
        presence.subscribed(new Subscribed("c2", "/ws", "ann", CHANNEL));
        assertEquals(List.of("join ann"), announced());
        assertEquals(2, presence.members(CHANNEL).get(0).connections());

        presence.unsubscribed(new Unsubscribed("c1", "/ws", "ann", CHANNEL));
        presence.unsubscribed(new Unsubscribed("c2", "/ws", "ann", CHANNEL));
        assertEquals(List.of("join ann"), announced(), "no leave before the grace period");
        assertEquals(1, presence.members(CHANNEL).size(), "still a member during it");

        time.runDue();
        assertEquals(List.of("join ann", "leave ann"), announced());
        assertTrue(presence.members(CHANNEL).isEmpty());
    }

    @Test
    void aLeaveDueAfterTheApplicationStoppedIsNotCounted() {
        Presence presence = presence(new LocalPresenceStore());
        presence.subscribed(new Subscribed("c1", "/ws", "ann", CHANNEL));
        presence.unsubscribed(new Unsubscribed("c1", "/ws", "ann", CHANNEL));
        presence.stop(); // undeployed: the store's bean may be gone when the grace period ends

        time.runDue();
        assertEquals(List.of("join ann"), announced(), "nothing more is said once stopping");
    }

    @Test
    void aReturnWithinTheGracePeriodIsNeitherALeaveNorAJoin() {
        Presence presence = presence(new LocalPresenceStore());
        presence.subscribed(new Subscribed("c1", "/ws", "ann", CHANNEL));
        presence.unsubscribed(new Unsubscribed("c1", "/ws", "ann", CHANNEL));
        presence.subscribed(new Subscribed("c2", "/ws", "ann", CHANNEL));
        time.runDue();
        assertEquals(List.of("join ann"), announced());
        assertEquals(1, presence.members(CHANNEL).size());
    }

    @Test
    void anonymousConnectionsAndPresenceChannelsHaveNoMembers() {
        Presence presence = presence(new LocalPresenceStore());
        presence.subscribed(new Subscribed("c1", "/ws", null, CHANNEL));
        presence.subscribed(new Subscribed("c2", "/ws", "ann", "presence:" + CHANNEL));
        assertTrue(announced().isEmpty());
        assertTrue(presence.members(CHANNEL).isEmpty());
        assertTrue(presence.members("presence:" + CHANNEL).isEmpty());
    }

    @Test
    void aNewPresenceSubscriberGetsTheMembersFirst() {
        Presence presence = presence(new LocalPresenceStore());
        presence.subscribed(new Subscribed("c1", "/ws", "ann", CHANNEL));
        List<String> frames = presence.framesFor("presence:" + CHANNEL, "bob");
        assertEquals(1, frames.size());
        assertTrue(frames.get(0).contains("\"event\":\"members\""), frames::toString);
        assertTrue(frames.get(0).contains("\"user\":\"ann\""), frames::toString);
        assertTrue(presence.framesFor(CHANNEL, "bob").isEmpty(), "only presence channels");
    }

    @Test
    void theUsersOfANodeThatStoppedLeaveAtAHeartbeatAndOtherFeaturesHearOfTheirOwn() {
        PresenceStore.Departure fromChannel = new PresenceStore.Departure(CHANNEL, "ann", 1);
        PresenceStore.Departure fromCalls = new PresenceStore.Departure("/video-calls", "bob", 1);
        Presence presence = presence(new LocalPresenceStore() {
            @Override
            public Heartbeat heartbeat() {
                return new Heartbeat(List.of(fromChannel, fromCalls), false);
            }
        });
        presence.stores = new PresenceStores() {
            @Override
            long heartbeatMillis() {
                return 1000;
            }
        };
        presence.start(null);
        assertEquals(List.of("leave ann"), announced());
        assertEquals(List.of(fromCalls), fired.of(PresenceStore.Departure.class));
    }

    @Test
    void aNodeTakenForDeadTellsItsCountsAgain() {
        List<String> told = new java.util.ArrayList<>();
        boolean[] dead = {false};
        Presence presence = presence(new LocalPresenceStore() {
            @Override
            public CompletionStage<Change> set(String scope, String user, int count) {
                told.add(scope + " " + user + " " + count);
                return super.set(scope, user, count);
            }

            @Override
            public Heartbeat heartbeat() {
                return new Heartbeat(List.of(), dead[0]);
            }
        });
        presence.subscribed(new Subscribed("c1", "/ws", "ann", CHANNEL));
        presence.subscribed(new Subscribed("c2", "/ws", "ann", CHANNEL));
        told.clear();
        dead[0] = true;
        presence.stores = new PresenceStores() {
            @Override
            long heartbeatMillis() {
                return 1000;
            }
        };
        presence.start(null);
        assertEquals(List.of(CHANNEL + " ann 2"), told);
    }

    @Test
    void aLeaveTheStoreDidNotHearIsToldAgainAtTheNextHeartbeatThatAsks() {
        boolean[] unreachable = {false};
        boolean[] askAgain = {false};
        Presence presence = presence(new LocalPresenceStore() {
            @Override
            public CompletionStage<Change> set(String scope, String user, int count) {
                if (unreachable[0]) {
                    return java.util.concurrent.CompletableFuture.failedFuture(
                            new io.tidings.cluster.BusUnavailableException("Redis away", null));
                }
                return super.set(scope, user, count);
            }

            @Override
            public Heartbeat heartbeat() {
                return new Heartbeat(List.of(), askAgain[0]);
            }
        });
        presence.stores = new PresenceStores() {
            @Override
            long heartbeatMillis() {
                return 1000;
            }
        };
        presence.subscribed(new Subscribed("c1", "/ws", "ann", CHANNEL));
        presence.unsubscribed(new Unsubscribed("c1", "/ws", "ann", CHANNEL));
        unreachable[0] = true;
        time.runDue();
        assertEquals(List.of("join ann"), announced(), "the store did not hear the leave");

        unreachable[0] = false;
        askAgain[0] = true;
        presence.start(null);
        assertEquals(List.of("join ann", "leave ann"), announced());
        assertTrue(presence.members(CHANNEL).isEmpty());
        assertEquals(1, fired.of(PresenceStore.SetAgain.class).size(), "the other features' scopes are asked too");
    }
}
