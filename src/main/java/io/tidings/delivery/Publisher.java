package io.tidings.delivery;

import io.tidings.channel.KnownChannels;
import io.tidings.cluster.Accepted;
import io.tidings.cluster.Bus;
import io.tidings.cluster.Message;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.metrics.Metrics;
import io.tidings.protocol.JsonText;
import io.tidings.protocol.Position;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way into the bus. Code inside the WAR fires a {@link Publication} CDI event; the HTTP API and client
 * {@code publish} frames call {@link #submit} because they answer with the offset. Channels with a configured rate
 * are throttled. Every publication the bus accepts is announced as a {@link PublicationAccepted} event.
 */
@ApplicationScoped
public class Publisher {

    private static final Logger LOG = Logger.getLogger(Publisher.class.getName());
    /** Event names such as {@code ticker.update}, {@code read_receipt}, {@code video:incoming-call}. */
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** What a malformed event name is told, wherever it comes in. */
    public static final String EVENT_NAME_RULE = "event must be 1 to 64 characters of [A-Za-z0-9_.:-]";

    private Bus bus;
    private KnownChannels channels;
    private Throttle throttle;
    private Event<Object> events;
    private Metrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    Publisher() {}

    @Inject
    public Publisher(
            Bus bus,
            KnownChannels channels,
            @ConfigProperty(name = "tidings.throttle") Optional<String> throttle,
            Event<Object> events,
            Metrics metrics) {
        this.bus = bus;
        this.channels = channels;
        this.throttle = new Throttle(throttle.orElse(""));
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * A publication fired by code inside the WAR. Its data was built, not parsed, so it is checked here for what JSON
     * parsing refuses at the socket and the API.
     *
     * @throws IllegalArgumentException as {@link #submit} does, and when the data holds text that is not valid Unicode
     *     or a number that does not fit a double
     */
    void on(@Observes Publication publication) {
        checkBuiltData(publication.data());
        submit(publication);
    }

    /**
     * Checks data built in Java (not parsed) for what JSON parsing refuses at the socket and the API.
     *
     * @throws IllegalArgumentException when it holds text that is not valid Unicode or a number beyond a double
     */
    static void checkBuiltData(JsonObject data) {
        try {
            JsonText.checkValues(data);
        } catch (JsonText.Malformed e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when the channel is unknown or the event name malformed */
    void checkChannelAndEvent(String channel, String event) {
        if (!channels.knows(channel)) {
            throw new IllegalArgumentException("unknown channel");
        }
        checkEventName(event);
    }

    /** @throws IllegalArgumentException when the event name is malformed */
    static void checkEventName(String event) {
        if (!isEventName(event)) {
            throw new IllegalArgumentException(EVENT_NAME_RULE);
        }
    }

    /**
     * Publishes to the channel's subscribers and history, or holds it when its channel is throttled (then the
     * result is the channel's current position and {@code throttled}).
     *
     * <p>Its data must have come through {@link JsonText} (the socket's and the API's parsing check it once, whatever
     * the number of channels a broadcast publishes it to); data built in Java comes through {@link #on}.
     *
     * @throws IllegalArgumentException when the channel is unknown or the event name malformed
     * @throws io.tidings.cluster.BusUnavailableException when the bus cannot publish
     */
    public Submitted submit(Publication publication) {
        checkChannelAndEvent(publication.channel(), publication.event());
        if (throttle.active()) {
            long now = System.currentTimeMillis();
            if (throttle.offer(publication, now) instanceof Throttle.Held held) {
                metrics.throttled();
                if (held.flushAt() > 0) {
                    scheduler.schedule(
                            () -> release(publication.channel()),
                            Math.max(0, held.flushAt() - now),
                            TimeUnit.MILLISECONDS);
                }
                return new Submitted(bus.position(publication.channel()), true, false);
            }
        }
        Accepted accepted = toBus(publication);
        return new Submitted(accepted.position(), false, accepted.repeated());
    }

    private void release(String channel) {
        try {
            Publication held = throttle.release(channel, System.currentTimeMillis());
            if (held != null) {
                toBus(held);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Publishing a throttled event failed", e);
        }
    }

    private Accepted toBus(Publication publication) {
        Message message = new Message(
                publication.channel(), publication.event(), publication.data().toString(), publication.ts());
        Accepted accepted = bus.publish(message, publication.options());
        if (!accepted.repeated()) {
            Position position = accepted.position();
            events.fire(new PublicationAccepted(
                    publication.channel(),
                    publication.event(),
                    position == null ? 0 : position.offset(),
                    position == null ? null : position.epoch(),
                    position == null,
                    publication.data()));
        }
        return accepted;
    }

    public static boolean isEventName(String event) {
        return event != null && EVENT_NAME.matcher(event).matches();
    }

    /**
     * @param position the publication's position, the channel's current one when throttled, null when ephemeral
     * @param throttled true when throttling holds it for later (it, or a newer one, will be published)
     * @param repeated true when its idempotency key was seen: nothing was published, this is the first result
     */
    public record Submitted(Position position, boolean throttled, boolean repeated) {}
}
