package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisEntriesTest {

    private final Message message =
            new Message("chat:room-1", "said", "{\"text\":\"two\\nlines\",\n\"n\":1}", 1_700_000);

    @Test
    void aPublishedEntryWritesTheFrameASingleNodeWrites() {
        PublishOptions options = PublishOptions.NONE.excluding("c1").excludingUser("alice");
        String payload = "7\nep1\n" + RedisEntries.body(message, options);
        Entry entry = RedisEntries.published("chat:room-1", payload, 5);
        assertEquals(new Entry(message, 7, "ep1", options, 5).frame(), entry.frame());
        assertEquals("ep1", entry.epoch());
        assertEquals(message, entry.message());
        assertTrue(entry.excludes("c1", null));
        assertTrue(entry.excludes("c2", "alice"));
    }

    @Test
    void anEphemeralEntryHasNoOffsetNorEpoch() {
        Entry entry = RedisEntries.published(
                "chat:room-1", "0\n\n" + RedisEntries.body(message, PublishOptions.NONE.asEphemeral()), 5);
        assertEquals(0, entry.offset());
        assertNull(entry.epoch());
        assertEquals(message, entry.message());
    }

    @Test
    void aKeptEntryIsReadFromItsBody() {
        Entry entry = RedisEntries.kept("chat:room-1", 3, "ep1", RedisEntries.body(message, PublishOptions.NONE), 0);
        assertEquals(new Entry(message, 3, "ep1", PublishOptions.NONE, 0).frame(), entry.frame());
    }

    @Test
    void refusesLineBreaksOutsideTheData() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RedisEntries.body(new Message("c", "a\nb", "{}", 1), PublishOptions.NONE));
        assertThrows(IllegalArgumentException.class, () -> RedisEntries.published("c", "not a publication", 0));
    }
}
