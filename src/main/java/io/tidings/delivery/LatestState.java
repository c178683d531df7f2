package io.tidings.delivery;

import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.protocol.EventFrame;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The latest state of channels, for new subscribers (right after {@code subscribed}, as an {@code event} frame
 * without offset): for channels under the prefixes of {@code tidings.state.channels}, the last event published; for
 * any channel, what domain code set with {@link ChannelStateChanged} (which then replaces the automatic one).
 * At most {@code tidings.state.channels.max} channels are kept, the least recently changed forgotten first.
 */
@ApplicationScoped
public class LatestState implements ChannelState {

    @Inject
    Publisher publisher;

    @Inject
    @ConfigProperty(name = "tidings.state.channels")
    String prefixes;

    @Inject
    @ConfigProperty(name = "tidings.state.channels.max")
    int maxChannels;

    private List<String> kept;
    private Map<String, String> frames;
    private final Set<String> setByDomain = new HashSet<>();

    @PostConstruct
    void configure() {
        kept = Arrays.stream(prefixes.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toList();
        frames = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                boolean full = size() > maxChannels;
                if (full) {
                    setByDomain.remove(eldest.getKey());
                }
                return full;
            }
        };
    }

    void published(@Observes PublicationAccepted publication) {
        String channel = publication.channel();
        if (publication.ephemeral() || !kept(channel)) {
            return;
        }
        String frame = EventFrame.serialize(
                channel, publication.event(), publication.data().toString(), 0, System.currentTimeMillis());
        synchronized (this) {
            if (!setByDomain.contains(channel)) {
                frames.remove(channel); // re-inserted last: the most recently changed
                frames.put(channel, frame);
            }
        }
    }

    private boolean kept(String channel) {
        for (String prefix : kept) { // on every publication: no stream
            if (channel.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException for an unknown channel, a bad event name or data that is not valid text */
    void changed(@Observes ChannelStateChanged state) {
        publisher.checkChannelAndEvent(state.channel(), state.event());
        Publisher.checkBuiltData(state.data());
        String frame = EventFrame.serialize(
                state.channel(), state.event(), state.data().toString(), 0, System.currentTimeMillis());
        synchronized (this) {
            frames.remove(state.channel());
            frames.put(state.channel(), frame);
            setByDomain.add(state.channel());
        }
    }

    @Override
    public synchronized List<String> framesFor(String channel, String user) {
        String frame = frames.get(channel);
        return frame == null ? List.of() : List.of(frame);
    }
}
