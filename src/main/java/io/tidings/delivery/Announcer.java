package io.tidings.delivery;

import io.tidings.protocol.EventFrame;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Delivers each {@link Announcement} on this node: one frame, written once, queued on every connection it is for. */
@ApplicationScoped
public class Announcer {

    private SessionRegistry registry;

    Announcer() {}

    @Inject
    public Announcer(SessionRegistry registry) {
        this.registry = registry;
    }

    void on(@Observes Announcement announcement) {
        announce(announcement);
    }

    /**
     * @return how many connections it was queued on
     * @throws IllegalArgumentException for a bad event name or data that is not valid text
     */
    public int announce(Announcement announcement) {
        Publisher.checkEventName(announcement.event());
        Publisher.checkBuiltData(announcement.data());
        String frame = EventFrame.serialize(
                Announcement.CHANNEL,
                announcement.event(),
                announcement.data().toString(),
                0,
                System.currentTimeMillis());
        int reached = 0;
        for (Connection connection : registry.connections()) {
            if (announcement.namespace() == null || announcement.namespace().equals(connection.namespace())) {
                connection.send(frame);
                reached++;
            }
        }
        return reached;
    }
}
