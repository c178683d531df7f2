package io.tidings.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link ConversationStore} does, run against each (as {@code BusContract} is for the buses). */
abstract class ConversationStoreContract {

    /** A store of a fresh deployment: empty. */
    protected abstract ConversationStore newStore();

    @Test
    void setsMembersAndSaysWhoWasTakenOut() {
        ConversationStore store = newStore();
        assertEquals(Set.of(), store.members("c1"), "unknown: no members");
        assertEquals(Set.of(), store.setMembers("c1", Set.of("ann", "bob")));
        assertEquals(Set.of("ann", "bob"), store.members("c1"));
        assertEquals(Set.of("bob"), store.setMembers("c1", Set.of("ann", "cid")));
        assertEquals(Set.of("ann", "cid"), store.members("c1"));
        assertEquals(Set.of(), store.members("c2"), "conversations are apart");
    }

    @Test
    void removingAConversationSaysWhoItsMembersWere() {
        ConversationStore store = newStore();
        store.setMembers("c1", Set.of("ann", "bob"));
        assertEquals(Set.of("ann", "bob"), store.remove("c1"));
        assertEquals(Set.of(), store.members("c1"));
        assertEquals(Set.of(), store.remove("c1"), "unknown: nobody");
    }

    @Test
    void takesTheLargestConversationAllowed() {
        ConversationStore store = newStore();
        Set<String> many = IntStream.range(0, Conversations.MAX_MEMBERS)
                .mapToObj(i -> "user-" + i)
                .collect(Collectors.toSet());
        store.setMembers("big", many);
        assertEquals(many, store.members("big"));
        Set<String> fewer = new HashSet<>(many);
        fewer.remove("user-7");
        assertEquals(Set.of("user-7"), store.setMembers("big", fewer));
        assertEquals(
                Set.of(),
                store.setMembers("big", Set.of()).stream()
                        .filter(member -> !fewer.contains(member))
                        .collect(Collectors.toSet()));
        assertEquals(Set.of(), store.members("big"), "emptied");
    }
}
