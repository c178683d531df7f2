package io.tidings.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LocalUnreadCountsTest {

    @Test
    void countsUnreadIdsOncePerIdAndForgetsWhatWasRead() {
        LocalUnreadCounts counts = new LocalUnreadCounts(100, 100);
        assertEquals(1, counts.added("u", "n1"));
        assertEquals(1, counts.added("u", "n1"), "the same notification twice is one");
        assertEquals(2, counts.added("u", "n2"));
        assertEquals(1, counts.read("u", "n1"));
        assertEquals(1, counts.read("u", "unknown"));
        assertEquals(0, counts.readAll("u"));
        assertEquals(0, counts.count("u"));
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
