package io.tidings.notifications;

import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.ChannelState;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.PublicationAccepted;
import io.tidings.protocol.EventFrame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.util.List;

/**
 * Counts a user's unread notifications: each {@code notification} event published to {@code
 * user:{id}:notifications} (its data has a {@code notificationId}) adds one, reading takes them away; after each
 * change every connection of the user gets {@code unread_count {count}} (an ephemeral event of that channel), and a
 * new subscriber of the channel gets it right after {@code subscribed}.
 */
@ApplicationScoped
public class Notifications implements ChannelState {

    public static final String NOTIFICATION = "notification";
    public static final String UNREAD_COUNT = "unread_count";

    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private static final String PREFIX = "user:";
    private static final String SUFFIX = ":notifications";
    private static final int MAX_NOTIFICATION_ID = 200;

    private UnreadCounts unread;
    private Publisher publisher;
    private Event<Publication> publications;

    Notifications() {}

    @Inject
    public Notifications(UnreadCounts unread, Publisher publisher, Event<Publication> publications) {
        this.unread = unread;
        this.publisher = publisher;
        this.publications = publications;
    }

    public static String channel(String user) {
        return PREFIX + user + SUFFIX;
    }

    void published(@Observes PublicationAccepted publication) {
        if (!NOTIFICATION.equals(publication.event())) {
            return;
        }
        String user = userOf(publication.channel());
        if (user != null
                && publication.data().get("notificationId") instanceof JsonString id
                && !id.getString().isEmpty()
                && id.getString().length() <= MAX_NOTIFICATION_ID) {
            announce(user, unread.added(user, id.getString()));
        }
    }

    void created(@Observes NotificationCreated created) {
        publications.fire(publication(created));
    }

    /** The publication a {@link NotificationCreated} makes (pure). */
    public static Publication publication(NotificationCreated created) {
        JsonObject data = JSON.createObjectBuilder()
                .add("notificationId", created.notificationId())
                .add("kind", created.kind())
                .add("title", created.title())
                .add("body", created.body())
                .build();
        return new Publication(channel(created.userId()), NOTIFICATION, data, created.ts());
    }

    void read(String user, String notificationId) {
        announce(user, unread.read(user, notificationId));
    }

    void readAll(String user) {
        announce(user, unread.readAll(user));
    }

    public int count(String user) {
        return unread.count(user);
    }

    @Override
    public List<String> framesFor(String channel, String subscriber) {
        String user = userOf(channel);
        if (user == null) {
            return List.of();
        }
        return List.of(EventFrame.serialize(
                channel, UNREAD_COUNT, countData(unread.count(user)).toString(), 0, System.currentTimeMillis()));
    }

    private void announce(String user, int count) {
        publisher.submit(
                Publication.now(channel(user), UNREAD_COUNT, countData(count)).with(PublishOptions.NONE.asEphemeral()));
    }

    private static JsonObject countData(int count) {
        return JSON.createObjectBuilder().add("count", count).build();
    }

    private static String userOf(String channel) {
        if (!channel.startsWith(PREFIX) || !channel.endsWith(SUFFIX)) {
            return null;
        }
        String user = channel.substring(PREFIX.length(), channel.length() - SUFFIX.length());
        return user.isEmpty() || user.contains(":") ? null : user;
    }
}
