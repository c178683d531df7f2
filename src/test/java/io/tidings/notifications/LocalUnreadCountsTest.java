package io.tidings.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LocalUnreadCountsTest extends UnreadCountsContract {

    @Override
    protected UnreadCounts newCounts(int maxPerUser) {
        return new LocalUnreadCounts(maxPerUser, 100);
    }

    @Test
    void memoryIsBoundedPerUserAndInUsers() {
        LocalUnreadCounts counts = new LocalUnreadCounts(3, 2);
        for (int i = 0; i < 10; i++) {
            counts.added("u", "n" + i);
        }
        assertEquals(3, counts.count("u"), "the count stays at the bound");
        counts.added("v", "n");
        counts.added("w", "n");
        assertEquals(0, counts.count("u"), "the user changed longest ago was forgotten");
        assertEquals(1, counts.count("w"));
    }
}
