package io.tidings.delivery;

import io.tidings.channel.ChannelRules;
import io.tidings.cluster.Bus;
import io.tidings.cluster.Position;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The one way into the bus. Code inside the WAR fires a {@link Publication} CDI event; the HTTP API calls
 * {@link #publish} directly because it answers with the offset.
 */
@ApplicationScoped
public class Publisher {

    /** Event names such as {@code ticker.update}, {@code read_receipt}, {@code video:incoming-call}. */
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final ChannelRules ANY_NAMESPACE = ChannelRules.all();

    private final LongAdder published = new LongAdder();
    private Bus bus;

    Publisher() {
    }

    @Inject
    public Publisher(Bus bus) {
        this.bus = bus;
    }

    void on(@Observes Publication publication) {
        publish(publication);
    }

    /**
     * Publishes to the channel's subscribers and history.
     *
     * @throws IllegalArgumentException when the channel is unknown or the event name is malformed
     */
    public Position publish(Publication publication) {
        if (!isKnownChannel(publication.channel())) {
            throw new IllegalArgumentException("unknown channel");
        }
        if (!isEventName(publication.event())) {
            throw new IllegalArgumentException("event must be 1 to 64 characters of [A-Za-z0-9_.:-]");
        }
        Position position = bus.publish(publication);
        published.increment();
        return position;
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
}
