package io.tidings.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link CallStore} promises. */
abstract class CallStoreContract {

    static final CallStore.CallLimits LIMITS = new CallStore.CallLimits(100, 3, 2, 4);

    /** A fresh, empty store with {@link #LIMITS}. */
    abstract CallStore store();

    static CallRecord call(String id, String caller, String callee) {
        return new CallRecord(id, caller, callee, caller + "-device", null, "{\"sdp\":\"v=0\"}", true);
    }

    @Test
    void anAdmittedCallRingsUntilOneDeviceAnswersIt() {
        CallStore store = store();
        assertNull(store.offer(call("c1", "ann", "bob"), 30_000));
        CallRecord ringing = store.get("c1").orElseThrow();
        assertTrue(ringing.ringing());
        assertEquals("{\"sdp\":\"v=0\"}", ringing.offer());
        assertNull(ringing.calleeConnection());
        assertTrue(store.answer("c1", "bob-phone"));
        assertFalse(store.answer("c1", "bob-laptop"), "the first answer wins");
        CallRecord active = store.get("c1").orElseThrow();
        assertFalse(active.ringing());
        assertEquals("bob-phone", active.connectionOf("bob"));
        assertEquals("ann-device", active.connectionOf("ann"));
    }

    @Test
    void aCallEndsOnceAndIsForgotten() {
        CallStore store = store();
        store.offer(call("c2", "ann", "bob"), 30_000);
        store.answer("c2", "bob-phone");
        assertTrue(store.end("c2", true).isEmpty(), "answered: a ring timeout does not end it");
        assertEquals("c2", store.end("c2", false).orElseThrow().id());
        assertTrue(store.end("c2", false).isEmpty(), "ended once");
        assertTrue(store.get("c2").isEmpty());
        assertTrue(store.of("ann").isEmpty());
        assertTrue(store.of("bob").isEmpty());
        assertFalse(store.answer("c2", "bob-phone"));
    }

    @Test
    void eachPartyListsItsCalls() {
        CallStore store = store();
        store.offer(call("c3", "ann", "bob"), 30_000);
        store.offer(call("c4", "cid", "ann"), 30_000);
        assertEquals(
                List.of("c3", "c4"),
                store.of("ann").stream().map(CallRecord::id).sorted().toList());
        assertEquals(List.of("c3"), store.of("bob").stream().map(CallRecord::id).toList());
    }

    @Test
    void theLimitsRefuseWithTheirReasons() {
        CallStore store = store();
        assertNull(store.offer(call("l1", "ann", "bob"), 30_000));
        assertEquals(CallStore.TAKEN, store.offer(call("l1", "cid", "dan"), 30_000));
        assertEquals(Refusals.STILL_RINGING, store.offer(call("l2", "ann", "bob"), 30_000));
        assertNull(store.offer(call("l3", "cid", "bob"), 30_000));
        assertEquals(Refusals.TOO_MANY_RINGING, store.offer(call("l4", "dan", "bob"), 30_000), "two ring already");
        store.answer("l1", "bob-phone");
        assertNull(store.offer(call("l5", "dan", "bob"), 30_000));
        assertEquals(Refusals.CALLEE_BUSY, store.offer(call("l6", "eve", "bob"), 30_000), "three calls");
        assertNull(store.offer(call("l7", "ann", "cid"), 30_000));
        assertNull(store.offer(call("l8", "ann", "dan"), 30_000));
        assertEquals(Refusals.CALLER_BUSY, store.offer(call("l9", "ann", "eve"), 30_000));
    }

    @Test
    void aCalleeIsRungAtMostSoOftenAMinute() {
        CallStore store = store();
        for (int i = 0; i < LIMITS.ringsPerMinute(); i++) {
            assertNull(store.offer(call("r" + i, "caller" + i, "bob"), 30_000));
            store.end("r" + i, false);
        }
        assertEquals(Refusals.RUNG_TOO_OFTEN, store.offer(call("rx", "late", "bob"), 30_000));
    }
}
