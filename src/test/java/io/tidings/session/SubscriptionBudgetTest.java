package io.tidings.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubscriptionBudgetTest {

    private static final String NAME = "trades:" + "x".repeat(193);

    @Test
    void newChannelsStopAtTheirShareAndSubscribersOfKnownChannelsStillGetIn() {
        long perNewChannel = SubscriptionBudget.SUBSCRIPTION_BYTES + SubscriptionBudget.channelBytes(NAME);
        SubscriptionBudget budget = new SubscriptionBudget(perNewChannel * 10);
        int channels = 0;
        while (budget.allows(NAME, true)) {
            budget.add(perNewChannel);
            channels++;
        }
        assertTrue(channels == 9, "90% of the budget for new channels, was " + channels);
        assertTrue(budget.allows(NAME, false), "a subscriber of a channel that exists");
        while (budget.allows(NAME, false)) {
            budget.add(SubscriptionBudget.SUBSCRIPTION_BYTES);
        }
        assertFalse(budget.allows("status", false));
        budget.add(-perNewChannel);
        assertTrue(budget.allows("status", false), "room again once a subscription left");
    }

    @Test
    void theDefaultShareOfTheHeapIsAShareOfTheMaximum() {
        long max = Runtime.getRuntime().maxMemory();
        long limit = SubscriptionBudget.ofHeap(25).limitBytes();
        assertTrue(limit > max / 5 && limit <= max / 4, limit + " of " + max);
    }
}
