package io.tidings.delivery;

import io.tidings.channel.ChannelRules;
import io.tidings.cluster.Bus;
import io.tidings.cluster.Position;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way into the bus. Code inside the WAR fires a {@link Publication} CDI event; the HTTP API calls
 * {@link #publish} directly because it answers with the offset. Channels with a configured rate are throttled.
 */
@ApplicationScoped
public class Publisher {

    private static final Logger LOG = Logger.getLogger(Publisher.class.getName());
    /** Event names such as {@code ticker.update}, {@code read_receipt}, {@code video:incoming-call}. */
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private static final ChannelRules ANY_NAMESPACE = ChannelRules.all();

    private final LongAdder published = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private Bus bus;
    private Throttle throttle;

    @Resource
    ManagedScheduledExecutorService scheduler;

    Publisher() {}

    @Inject
    public Publisher(Bus bus, @ConfigProperty(name = "tidings.throttle") Optional<String> throttle) {
        this.bus = bus;
        this.throttle = new Throttle(throttle.orElse(""));
    }

    void on(@Observes Publication publication) {
        publish(publication);
    }

    /**
     * Publishes to the channel's subscribers and history, or holds it when its channel is throttled (then the
     * result is the channel's current position and {@code held}).
     *
     * @throws IllegalArgumentException when the channel is unknown or the event name is malformed
     */
    public Published publish(Publication publication) {
        if (!isKnownChannel(publication.channel())) {
            throw new IllegalArgumentException("unknown channel");
        }
        if (!isEventName(publication.event())) {
            throw new IllegalArgumentException("event must be 1 to 64 characters of [A-Za-z0-9_.:-]");
        }
        if (throttle.active()) {
            long now = System.currentTimeMillis();
            if (throttle.offer(publication, now) instanceof Throttle.Held held) {
                throttled.increment();
                if (held.flushAt() > 0) {
                    scheduler.schedule(
                            () -> release(publication.channel()),
                            Math.max(0, held.flushAt() - now),
                            TimeUnit.MILLISECONDS);
                }
                return new Published(bus.position(publication.channel()), true);
            }
        }
        published.increment();
        return new Published(bus.publish(publication), false);
    }

    private void release(String channel) {
        try {
            Publication held = throttle.release(channel, System.currentTimeMillis());
            if (held != null) {
                published.increment();
                bus.publish(held);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Publishing a throttled event failed", e);
        }
    }

    /** Whether some namespace's rules know the channel: only such channels can be published to. */
    public static boolean isKnownChannel(String channel) {
        return ANY_NAMESPACE.resolve(channel).isPresent();
    }

    public static boolean isEventName(String event) {
        return event != null && EVENT_NAME.matcher(event).matches();
    }

    public long publishedCount() {
        return published.sum();
    }

    /** Publications held back (and possibly replaced) by throttling. */
    public long throttledCount() {
        return throttled.sum();
    }

    /**
     * @param position the publication's position, or the channel's current one when held
     * @param held true when throttling holds it for later (it, or a newer one, will be published)
     */
    public record Published(Position position, boolean held) {}
}
