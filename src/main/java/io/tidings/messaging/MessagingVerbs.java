package io.tidings.messaging;

import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.limits.ThrottledLog;
import io.tidings.metrics.Metrics;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.FrameException;
import io.tidings.protocol.ServerFrames;
import io.tidings.protocol.VerbHandler;
import io.tidings.session.Connection;
import io.tidings.webhook.Webhook;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries out the {@code /messaging} verbs for members of the conversation. A message goes to the {@link
 * MessageGate} first and is delivered, as the {@code message} event of {@code conversation:{id}}, only once
 * accepted, in the order members sent them; typing and read receipts go to the other members at once, as
 * ephemeral events.
 */
@ApplicationScoped
public class MessagingVerbs implements VerbHandler<Connection, MessagingFrame> {

    private static final Logger LOG = Logger.getLogger(MessagingVerbs.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    @Inject
    Membership membership;

    @Inject
    Publisher publisher;

    @Inject
    Metrics metrics;

    @Inject
    Event<MessageSent> sent;

    @Inject
    Event<MessageRead> read;

    @Inject
    Instance<MessageGate> applicationGate;

    @Inject
    @ConfigProperty(name = "tidings.messaging.types")
    String types;

    @Inject
    @ConfigProperty(name = "tidings.messaging.content.max.chars")
    int maxContent;

    @Inject
    @ConfigProperty(name = "tidings.messaging.typing.interval.millis")
    long typingInterval;

    @Inject
    @ConfigProperty(name = "tidings.messaging.webhook")
    Optional<String> webhook;

    @Inject
    @ConfigProperty(name = "tidings.messaging.webhook.timeout.millis")
    long webhookTimeout;

    @Inject
    @ConfigProperty(name = "tidings.messaging.webhook.retries")
    int webhookRetries;

    private final ThrottledLog gateFailures = new ThrottledLog(LOG, "The message gate failed a message");
    private Set<String> messageTypes;
    private MessageGate gate;
    private TypingThrottle typingThrottle;
    /** Per conversation, the last message still being reviewed or delivered: the next one is delivered after it. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    @PostConstruct
    void configure() {
        messageTypes = Arrays.stream(types.split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        typingThrottle = new TypingThrottle(typingInterval);
        if (applicationGate.isResolvable()) {
            gate = applicationGate.get();
        } else {
            gate = Webhook.of(webhook, webhookTimeout, webhookRetries)
                    .<MessageGate>map(WebhookGate::new)
                    .orElse(draft -> CompletableFuture.completedFuture(
                            new MessageVerdict.Accepted(newMessageId(), draft.content())));
        }
    }

    static String newMessageId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public Class<MessagingFrame> frameType() {
        return MessagingFrame.class;
    }

    @Override
    public void handle(Connection connection, MessagingFrame frame) {
        String channel = channelOf(frame);
        if (!membership.isMember(frame.conversationId(), connection.user())) {
            throw new FrameException(ErrorCode.FORBIDDEN, "not a member of this conversation", frame.id());
        }
        if (frame instanceof MessagingFrame.Send send) {
            send(connection, send, channel);
        } else if (frame instanceof MessagingFrame.Typing typing) {
            typing(connection, typing, channel);
        } else if (frame instanceof MessagingFrame.Read receipt) {
            read(connection, receipt, channel);
        }
    }

    private void send(Connection connection, MessagingFrame.Send send, String channel) {
        if (send.content().isEmpty() || send.content().length() > maxContent) {
            throw new FrameException(
                    ErrorCode.BAD_REQUEST, "content must have 1 to " + maxContent + " characters", send.id());
        }
        if (!messageTypes.contains(send.messageType())) {
            throw new FrameException(
                    ErrorCode.BAD_REQUEST, "messageType must be one of " + String.join(", ", messageTypes), send.id());
        }
        MessageDraft draft = new MessageDraft(
                send.conversationId(),
                connection.user(),
                send.content(),
                send.messageType(),
                System.currentTimeMillis());
        CompletableFuture<MessageVerdict> verdict;
        try {
            verdict = gate.review(draft).toCompletableFuture();
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<MessageVerdict> reviewed = verdict;
        CompletableFuture<?>[] mine = new CompletableFuture<?>[1];
        inFlight.compute(send.conversationId(), (id, previous) -> {
            CompletableFuture<MessageVerdict> inOrder =
                    previous == null ? reviewed : previous.thenCompose(done -> reviewed);
            CompletableFuture<Void> delivered = inOrder.handle((outcome, failure) -> {
                finish(connection, send, channel, draft, outcome, failure);
                return null;
            });
            mine[0] = delivered;
            return delivered;
        });
        mine[0].whenComplete((done, failure) -> inFlight.remove(send.conversationId(), mine[0]));
    }

    private void finish(
            Connection connection,
            MessagingFrame.Send send,
            String channel,
            MessageDraft draft,
            MessageVerdict verdict,
            Throwable failure) {
        try {
            if (failure != null) {
                gateFailures.note(failure);
                metrics.handoffFailed();
                connection.sendError(send.id(), ErrorCode.INTERNAL, "the message could not be handed on, try again");
            } else if (verdict instanceof MessageVerdict.Refused refused) {
                connection.sendError(send.id(), ErrorCode.FORBIDDEN, refused.reason());
            } else if (verdict instanceof MessageVerdict.Accepted accepted) {
                JsonObject data = JSON.createObjectBuilder()
                        .add("messageId", accepted.messageId())
                        .add("conversationId", draft.conversationId())
                        .add("senderId", draft.senderId())
                        .add("content", accepted.content())
                        .add("messageType", draft.messageType())
                        .add("sentAt", draft.sentAt())
                        .build();
                publisher.submit(new Publication(channel, "message", data, draft.sentAt()));
                connection.send(ServerFrames.ack(send.id(), accepted.messageId()));
                sent.fire(new MessageSent(
                        accepted.messageId(),
                        draft.conversationId(),
                        draft.senderId(),
                        accepted.content(),
                        draft.messageType(),
                        draft.sentAt()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivering a message failed", e);
            connection.sendError(send.id(), ErrorCode.INTERNAL, "the message was not delivered");
        }
    }

    private void typing(Connection connection, MessagingFrame.Typing typing, String channel) {
        if (typingThrottle.admit(
                connection.user(), typing.conversationId(), typing.typing(), System.currentTimeMillis())) {
            JsonObject data = JSON.createObjectBuilder()
                    .add("conversationId", typing.conversationId())
                    .add("userId", connection.user())
                    .add("typing", typing.typing())
                    .build();
            toOthers(connection, channel, "typing", data);
        }
        connection.send(ServerFrames.ack(typing.id()));
    }

    private void read(Connection connection, MessagingFrame.Read receipt, String channel) {
        JsonObject data = JSON.createObjectBuilder()
                .add("conversationId", receipt.conversationId())
                .add("userId", connection.user())
                .add("messageId", receipt.messageId())
                .build();
        toOthers(connection, channel, "read_receipt", data);
        connection.send(ServerFrames.ack(receipt.id()));
        read.fire(new MessageRead(receipt.conversationId(), connection.user(), receipt.messageId()));
    }

    private void toOthers(Connection connection, String channel, String event, JsonObject data) {
        publisher.submit(Publication.now(channel, event, data)
                .with(PublishOptions.NONE.asEphemeral().excludingUser(connection.user())));
    }

    private static String channelOf(MessagingFrame frame) {
        if (!Conversations.isValidId(frame.conversationId())) {
            throw new FrameException(ErrorCode.INVALID_CHANNEL, "conversationId is not a valid id", frame.id());
        }
        return Conversations.channel(frame.conversationId());
    }
}
