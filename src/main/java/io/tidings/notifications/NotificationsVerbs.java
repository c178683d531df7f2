package io.tidings.notifications;

import io.tidings.limits.ThrottledLog;
import io.tidings.metrics.Metrics;
import io.tidings.protocol.ServerFrames;
import io.tidings.protocol.VerbHandler;
import io.tidings.session.Connection;
import io.tidings.webhook.Webhook;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries out the {@code /notifications} verbs: reading one notification or all of them changes the user's unread
 * count (every connection of the user is told) and is handed to the application: a {@link NotificationRead} CDI
 * event, and a POST of {@code {userId, notificationId}} ({@code notificationId} null for all) to {@code
 * tidings.notifications.webhook} when set (retried, never waited for).
 */
@ApplicationScoped
public class NotificationsVerbs implements VerbHandler<Connection, NotificationsFrame> {

    private static final Logger LOG = Logger.getLogger(NotificationsVerbs.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    @Inject
    Notifications notifications;

    @Inject
    Metrics metrics;

    @Inject
    Event<NotificationRead> readEvents;

    @Inject
    @ConfigProperty(name = "tidings.notifications.webhook")
    Optional<String> webhookUrl;

    @Inject
    @ConfigProperty(name = "tidings.messaging.webhook.timeout.millis")
    long webhookTimeout;

    @Inject
    @ConfigProperty(name = "tidings.messaging.webhook.retries")
    int webhookRetries;

    private Webhook webhook;
    private final ThrottledLog failures = new ThrottledLog(LOG, "The notifications webhook did not take a read");

    @PostConstruct
    void configure() {
        webhook = Webhook.of(webhookUrl, webhookTimeout, webhookRetries).orElse(null);
    }

    @Override
    public Class<NotificationsFrame> frameType() {
        return NotificationsFrame.class;
    }

    @Override
    public void handle(Connection connection, NotificationsFrame frame) {
        String user = connection.user();
        String notificationId = null;
        if (frame instanceof NotificationsFrame.Read read) {
            notificationId = read.notificationId();
            notifications.read(user, notificationId);
        } else {
            notifications.readAll(user);
        }
        connection.send(ServerFrames.ack(frame.id()));
        readEvents.fire(new NotificationRead(user, notificationId));
        if (webhook != null) {
            JsonObjectBuilder body = JSON.createObjectBuilder().add("userId", user);
            if (notificationId == null) {
                body.addNull("notificationId");
            } else {
                body.add("notificationId", notificationId);
            }
            webhook.post(body.build().toString()).whenComplete((answer, failure) -> {
                if (failure != null || !answer.accepted()) {
                    metrics.handoffFailed();
                    failures.note(failure);
                }
            });
        }
    }
}
