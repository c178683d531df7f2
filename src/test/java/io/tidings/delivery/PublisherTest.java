package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.channel.ChannelRules;
import io.tidings.channel.KnownChannels;
import io.tidings.cluster.LocalBus;
import io.tidings.cluster.PublishOptions;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.metrics.Metrics;
import io.tidings.support.RecordingEvents;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.json.Json;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every way into the bus fires {@link PublicationAccepted} once per accepted publication, and only then. */
class PublisherTest {

    private final RecordingEvents events = new RecordingEvents();
    private final LocalBus bus = new LocalBus(entry -> {}, 10, 300);
    private final Metrics metrics = new Metrics();

    private Publisher publisher(String throttle) {
        Publisher publisher = new Publisher(
                bus, new KnownChannels(ChannelRules.market()), Optional.ofNullable(throttle), events, metrics);
        publisher.scheduler = immediate();
        return publisher;
    }

    @Test
    void aSubmittedPublicationIsAnnouncedWithItsOffset() {
        Publisher publisher = publisher(null);
        publisher.submit(publication("status"));
        publisher.submit(publication("status"));
        assertEquals(
                List.of(
                        new PublicationAccepted("status", "e", 1, epoch("status"), false, DATA),
                        new PublicationAccepted("status", "e", 2, epoch("status"), false, DATA)),
                events.of(PublicationAccepted.class));
    }

    @Test
    void aFiredPublicationIsAnnouncedToo() {
        publisher(null).on(publication("status"));
        assertEquals(1, events.of(PublicationAccepted.class).size());
    }

    @Test
    void aRepeatedIdempotencyKeyIsNotAnnouncedAgain() {
        Publisher publisher = publisher(null);
        Publication keyed = publication("status").with(PublishOptions.NONE.withIdempotencyKey("k"));
        publisher.submit(keyed);
        assertTrue(publisher.submit(keyed).repeated());
        assertEquals(1, events.of(PublicationAccepted.class).size());
    }

    @Test
    void anEphemeralPublicationIsAnnouncedWithoutOffset() {
        publisher(null).submit(publication("status").with(PublishOptions.NONE.asEphemeral()));
        assertEquals(
                List.of(new PublicationAccepted("status", "e", 0, null, true, DATA)),
                events.of(PublicationAccepted.class));
    }

    @Test
    void aThrottledPublicationIsAnnouncedWhenReleasedNotWhenHeld() {
        Publisher publisher = publisher("ticker:=1");
        publisher.submit(publication("ticker:X")); // within the rate: now
        Publisher.Submitted held = publisher.submit(publication("ticker:X")); // held, released by the scheduler
        assertTrue(held.throttled());
        assertEquals(2, events.of(PublicationAccepted.class).size(), "the first at once, the held one on release");
        assertEquals(1, (long) metrics.stats().throttled());
    }

    @Test
    void refusesUnknownChannelsAndBadEventNames() {
        Publisher publisher = publisher(null);
        assertThrows(IllegalArgumentException.class, () -> publisher.submit(publication("nope:1")));
        assertThrows(
                IllegalArgumentException.class,
                () -> publisher.submit(Publication.now(
                        "status", "bad name", Json.createObjectBuilder().build())));
        assertThrows(
                IllegalArgumentException.class,
                () -> publisher.on(Publication.now(
                        "status",
                        "e",
                        Json.createObjectBuilder().add("text", "\ud800").build())),
                "a lone surrogate has no UTF-8 form: refused, never sent");
        assertTrue(events.all().isEmpty());
    }

    private String epoch(String channel) {
        return bus.position(channel).epoch();
    }

    private static final jakarta.json.JsonObject DATA =
            Json.createObjectBuilder().add("a", 1).build();

    private static Publication publication(String channel) {
        return Publication.now(channel, "e", DATA);
    }

    /** Runs scheduled tasks at once, on the caller's thread. */
    private static ManagedScheduledExecutorService immediate() {
        return (ManagedScheduledExecutorService) Proxy.newProxyInstance(
                PublisherTest.class.getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("schedule") && args[0] instanceof Runnable task) {
                        task.run();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
