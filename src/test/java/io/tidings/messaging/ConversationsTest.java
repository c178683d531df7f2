package io.tidings.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.auth.UserToken;
import io.tidings.cluster.BusUnavailableException;
import io.tidings.cluster.LocalBus;
import io.tidings.cluster.LocalNodeMessages;
import io.tidings.cluster.NodeMessage;
import io.tidings.delivery.BusInterest;
import io.tidings.protocol.Position;
import io.tidings.protocol.ServerFrames;
import io.tidings.session.Connection;
import io.tidings.session.DeliveryMeter;
import io.tidings.session.Limits;
import io.tidings.session.SessionRegistry;
import io.tidings.session.Subscription;
import io.tidings.session.SubscriptionBudget;
import io.tidings.support.ManualScheduler;
import io.tidings.support.RecordingEvents;
import io.tidings.support.RecordingSocket;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Membership changes on one node: what the connections of those taken out lose, and what they are told. */
class ConversationsTest {

    private static final Position START = new Position(0, "epoch");

    private final SessionRegistry registry = new SessionRegistry(
            new Limits(16, 100, 100),
            SubscriptionBudget.ofHeap(25),
            new BusInterest(new LocalBus(entry -> {}, 10, 300)),
            DeliveryMeter.NONE,
            new RecordingEvents(),
            Runnable::run);
    private final List<String> told = new ArrayList<>();
    private final ManualScheduler time = new ManualScheduler();

    /** Members in memory; while {@code unreachable}, reading them fails as a lost Redis would. */
    private final class Store extends LocalConversationStore {
        boolean unreachable;

        Store() {
            super(100, 10_000);
        }

        @Override
        public Set<String> members(String conversationId) {
            if (unreachable) {
                throw new BusUnavailableException("no answer", null);
            }
            return super.members(conversationId);
        }
    }

    private final Store store = new Store();
    private final Conversations conversations = conversations(store);

    private Conversations conversations(ConversationStore store) {
        Conversations[] built = new Conversations[1];
        built[0] = new Conversations(store, registry, new LocalNodeMessages("node-1", message -> {
            told.add(message.kind() + " " + message.payload());
            built[0].changed(message);
        }));
        built[0].scheduler = time.executor();
        return built[0];
    }

    /** A connection and the client end of its socket. */
    private record Client(Connection connection, RecordingSocket socket) {
        /** The unsubscribed frames it was sent, as {@code channel} or {@code channel id}. */
        List<String> unsubscribed() {
            return socket.frames("unsubscribed").stream()
                    .map(ConversationsTest::describe)
                    .toList();
        }

        boolean holds(String channel) {
            return connection.subscribedTo(channel);
        }
    }

    private static String describe(JsonObject frame) {
        return frame.getString("channel") + (frame.containsKey("id") ? " " + frame.getString("id") : "");
    }

    private Client connect(UserToken user) {
        RecordingSocket socket = new RecordingSocket();
        return new Client(registry.open(socket.session(), "/messaging", "127.0.0.1", user), socket);
    }

    /** A connection of the user subscribed to each channel, answered {@code subscribed} as the gateway does. */
    private Client subscribed(UserToken user, String... channels) {
        Client client = connect(user);
        for (String channel : channels) {
            registry.subscribe(client.connection(), channel, false)
                    .thenAccept(subscription -> subscription.start(
                            ServerFrames.subscribed("s-" + channel, channel, START, null), List.of(), START));
        }
        return client;
    }

    private void members(String conversation, String... users) {
        conversations.setMembers(conversation, Set.of(users));
    }

    @Test
    void aRemovedMemberIsUnsubscribedAndToldWithoutAnId() {
        members("c1", "ann", "bob");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1");
        Client bob = subscribed(Tokens.verified("bob"), "conversation:c1");

        members("c1", "bob");

        assertFalse(ann.holds("conversation:c1"));
        assertEquals(List.of("conversation:c1"), ann.unsubscribed(), "nobody asked: no id");
        assertTrue(bob.holds("conversation:c1"));
        assertEquals(List.of(), bob.unsubscribed(), "a member who stays hears nothing");
        assertEquals(1, registry.subscribers("conversation:c1").size());
    }

    @Test
    void aRemovedMemberLosesThePresenceOfTheConversationToo() {
        members("c1", "ann", "bob");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1", "presence:conversation:c1");

        members("c1", "bob");

        assertFalse(ann.holds("presence:conversation:c1"));
        assertEquals(Set.of("conversation:c1", "presence:conversation:c1"), new HashSet<>(ann.unsubscribed()));
    }

    @Test
    void everyConnectionOfTheRemovedMemberIsEnded() {
        members("c1", "ann");
        Client phone = subscribed(Tokens.verified("ann"), "conversation:c1");
        Client laptop = subscribed(Tokens.verified("ann"), "conversation:c1");

        members("c1", "bob");

        assertFalse(phone.holds("conversation:c1"));
        assertFalse(laptop.holds("conversation:c1"));
        assertTrue(registry.subscribers("conversation:c1").isEmpty());
    }

    @Test
    void aConnectionThatIsNotAMemberIsEndedEvenIfItNeverWasOne() {
        Client stranger = subscribed(Tokens.verified("eve"), "conversation:c1");
        Client anonymous = subscribed(null, "presence:conversation:c1");

        members("c1", "ann");

        assertFalse(stranger.holds("conversation:c1"));
        assertFalse(anonymous.holds("presence:conversation:c1"));
        assertEquals(List.of("conversation:c1"), stranger.unsubscribed());
    }

    @Test
    void anAdminNeedNotBeAMember() {
        members("c1", "ann");
        Client admin = subscribed(Tokens.verified("root", "admin"), "conversation:c1");

        members("c1", "bob");

        assertTrue(admin.holds("conversation:c1"));
        assertEquals(List.of(), admin.unsubscribed());
    }

    @Test
    void otherConversationsAndChannelsAreLeftAlone() {
        members("c1", "ann");
        members("c2", "ann");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1", "conversation:c2", "presence:status");

        members("c1", "bob");

        assertTrue(ann.holds("conversation:c2"));
        assertTrue(ann.holds("presence:status"));
        assertEquals(List.of("conversation:c1"), ann.unsubscribed());
    }

    @Test
    void aSubscriptionNotYetAnsweredEndsWithoutAnUnsubscribedFrameAndCannotStartAnyMore() {
        members("c1", "ann");
        Client ann = connect(Tokens.verified("ann"));
        List<Subscription> pending = new ArrayList<>();
        registry.subscribe(ann.connection(), "conversation:c1", false).thenAccept(pending::add);

        members("c1", "bob");

        assertFalse(ann.holds("conversation:c1"));
        assertEquals(List.of(), ann.socket().sent(), "its own subscribe is answered with the error instead");
        assertFalse(pending.get(0).start("ack", List.of(), START));
        assertEquals(List.of(), ann.socket().sent());
    }

    @Test
    void removingAConversationEndsEverySubscriptionToItAndSaysWhetherItWasKnown() {
        members("c1", "ann");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1");

        assertTrue(conversations.remove("c1"));

        assertFalse(ann.holds("conversation:c1"));
        assertEquals(List.of("conversation:c1"), ann.unsubscribed());
        assertEquals(Set.of(), conversations.members("c1"));
        assertFalse(conversations.remove("c1"), "no longer known");
    }

    @Test
    void everyNodeIsToldOfEachChange() {
        members("c1", "ann");
        conversations.remove("c1");
        conversations.remove("never");

        assertEquals(List.of("conversation.members c1", "conversation.members c1", "conversation.members never"), told);
    }

    @Test
    void membersSetWhileTheStoreDidNotAnswerStillEndTheRemovedMembersSubscriptions() {
        Conversations timingOut = conversations(new LocalConversationStore(100, 10_000) {
            @Override
            public Set<String> setMembers(String conversationId, Set<String> members) {
                super.setMembers(conversationId, members);
                throw new BusUnavailableException("written, but the answer came too late", null);
            }
        });
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1");

        assertThrows(BusUnavailableException.class, () -> timingOut.setMembers("c1", Set.of("bob")));

        assertFalse(ann.holds("conversation:c1"), "the nodes were told all the same");
        assertEquals(List.of("conversation:c1"), ann.unsubscribed());
    }

    @Test
    void tooManyMembersAreRefusedBeforeAnythingChanges() {
        members("c1", "ann");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1");
        Set<String> crowd = new HashSet<>();
        for (int i = 0; i <= Conversations.MAX_MEMBERS; i++) {
            crowd.add("u" + i);
        }

        assertThrows(IllegalArgumentException.class, () -> conversations.setMembers("c1", crowd));

        assertEquals(Set.of("ann"), conversations.members("c1"));
        assertTrue(ann.holds("conversation:c1"));
        assertEquals(List.of("conversation.members c1"), told, "only the first change was sent");
    }

    @Test
    void afterAResetEveryHeldConversationIsCheckedAgainstItsMembers() {
        members("c1", "ann");
        members("c2", "ann");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1", "presence:conversation:c2");
        store.setMembers("c1", Set.of("bob")); // changes whose messages this node missed
        store.setMembers("c2", Set.of("bob"));

        conversations.changed(new NodeMessage(NodeMessage.RESET, ""));

        assertFalse(ann.holds("conversation:c1"));
        assertFalse(ann.holds("presence:conversation:c2"));
    }

    @Test
    void conversationsThatCannotBeReadAfterAResetAreCheckedAgainASecondLater() {
        members("c1", "ann");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1");
        store.setMembers("c1", Set.of("bob"));
        store.unreachable = true;

        conversations.changed(new NodeMessage(NodeMessage.RESET, ""));
        assertTrue(ann.holds("conversation:c1"), "not read yet");
        assertEquals(1, time.runDue(), "the retry, still unreachable");
        assertTrue(ann.holds("conversation:c1"));

        store.unreachable = false;
        assertEquals(1, time.runDue());
        assertFalse(ann.holds("conversation:c1"));
        assertEquals(0, time.runDue(), "no more retries once every conversation was read");
    }

    @Test
    void aMessageForAnInvalidConversationIdChangesNothing() {
        members("c1", "bob");
        Client ann = subscribed(Tokens.verified("ann"), "conversation:c1");

        conversations.changed(new NodeMessage(Conversations.MEMBERS_CHANGED, "c1:x"));

        assertTrue(ann.holds("conversation:c1"), "only a valid id is checked");
    }

    @Test
    void aConversationIdIsOneValidChannelSegment() {
        assertTrue(Conversations.isValidId("team-42"));
        assertFalse(Conversations.isValidId(""));
        assertFalse(Conversations.isValidId("a:b"));
        assertFalse(Conversations.isValidId("a b"));
        assertEquals("conversation:team-42", Conversations.channel("team-42"));
    }
}
