package io.tidings.calls;

import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.ChannelState;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.ConnectionAuthenticated;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.presence.PresenceStore;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.EventFrame;
import io.tidings.protocol.FrameException;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The calls and their state ({@link CallStore}: this node's memory, or Redis for every node). Everything a party
 * sends reaches the other party as an ephemeral event of {@code user:{id}:calls}, so every device of a callee rings,
 * on any node; the first device to answer takes the call and the others get {@code video:end} with reason {@code
 * answered_elsewhere}. Unanswered after {@code tidings.calls.ring.seconds} both parties get {@code video:missed}
 * once: the node that took the offer times it out, and any node does so for a node that died. A party whose call
 * device, or last {@code /video-calls} connection anywhere, closes ends the call ({@code video:end}, reason {@code
 * disconnected}). Ended calls are forgotten.
 */
@ApplicationScoped
public class Calls implements ChannelState {

    static final String NAMESPACE = "/video-calls";
    /** The presence scope of each user's {@code /video-calls} connections, on every node. */
    static final String CONNECTED = NAMESPACE;

    private static final Logger LOG = Logger.getLogger(Calls.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call

    /** The ring timeouts of the calls offered through this node. */
    private final Map<String, ScheduledFuture<?>> ringTimeouts = new ConcurrentHashMap<>();
    /** Each user's count of {@code /video-calls} connections is computed and told under one of these. */
    private final Object[] counting = new Object[64];

    @Inject
    CallStore store;

    @Inject
    PresenceStore connected;

    @Inject
    Publisher publisher;

    @Inject
    SessionRegistry registry;

    @Inject
    @ConfigProperty(name = "tidings.calls.ring.seconds")
    int ringSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> takingOver;

    private static final String USER_PREFIX = "user:";
    private static final String CALLS_SUFFIX = ":calls";

    public Calls() {
        for (int i = 0; i < counting.length; i++) {
            counting[i] = new Object();
        }
    }

    public static String channel(String user) {
        return USER_PREFIX + user + CALLS_SUFFIX;
    }

    /** Every second, ends the calls whose ring time is over and that nobody ended (their node died). */
    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        takingOver = scheduler.scheduleAtFixedRate(this::takeOver, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (takingOver != null) {
            takingOver.cancel(false);
        }
    }

    void offer(Connection from, CallsFrame.Offer offer) {
        String caller = from.user();
        if (caller.equals(offer.toUserId())) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "a call needs another user", offer.id());
        }
        CallRecord call = new CallRecord(
                offer.callId(),
                caller,
                offer.toUserId(),
                from.id(),
                null,
                offer.offer().toString(),
                true);
        String refusal = store.offer(call, ringSeconds * 1000L);
        if (refusal != null) {
            throw new FrameException(
                    CallStore.TAKEN.equals(refusal) ? ErrorCode.FORBIDDEN : ErrorCode.RATE_LIMITED,
                    refusal,
                    offer.id());
        }
        ringTimeouts.put(call.id(), scheduler.schedule(() -> missed(call.id()), ringSeconds, TimeUnit.SECONDS));
        send(call.callee(), "video:incoming-call", data(call, caller).add("offer", offer.offer()), null);
    }

    void answer(Connection from, CallsFrame.Answer answer) {
        CallRecord call = partyCall(from, answer.callId(), answer.id());
        if (!call.callee().equals(from.user())) {
            throw new FrameException(ErrorCode.FORBIDDEN, "only the callee answers", answer.id());
        }
        if (!store.answer(call.id(), from.id())) {
            throw new FrameException(ErrorCode.FORBIDDEN, "answered on another device", answer.id());
        }
        stopRinging(call.id());
        send(call.caller(), "video:answer", data(call, from.user()).add("answer", answer.answer()), null);
        send(call.callee(), "video:end", data(call, from.user()).add("reason", "answered_elsewhere"), from.id());
    }

    void candidate(Connection from, CallsFrame.IceCandidate candidate) {
        CallRecord call = partyCall(from, candidate.callId(), candidate.id());
        send(
                call.otherParty(from.user()),
                "video:ice-candidate",
                data(call, from.user()).add("candidate", candidate.candidate()),
                null);
    }

    void reject(Connection from, CallsFrame.Reject reject) {
        CallRecord call = partyCall(from, reject.callId(), reject.id());
        if (!call.callee().equals(from.user()) || store.end(call.id(), true).isEmpty()) {
            throw new FrameException(ErrorCode.FORBIDDEN, "only a ringing callee rejects", reject.id());
        }
        stopRinging(call.id());
        send(call.caller(), "video:reject", data(call, from.user()), null);
        send(call.callee(), "video:end", data(call, from.user()).add("reason", "rejected"), from.id());
    }

    void hangUp(Connection from, CallsFrame.End hangUp) {
        CallRecord call = partyCall(from, hangUp.callId(), hangUp.id());
        if (store.end(call.id(), false).isEmpty()) {
            throw new FrameException(ErrorCode.FORBIDDEN, "not a party to this call", hangUp.id());
        }
        stopRinging(call.id());
        send(call.otherParty(from.user()), "video:end", data(call, from.user()).add("reason", "hung_up"), null);
    }

    void authenticated(@Observes ConnectionAuthenticated authenticated) {
        if (NAMESPACE.equals(authenticated.namespace())) {
            count(authenticated.user(), null);
        }
    }

    /** A party's call device closed, or its last connection to this namespace anywhere: its calls end. */
    void closed(@Observes ConnectionClosed closed) {
        if (!NAMESPACE.equals(closed.namespace()) || closed.user() == null) {
            return;
        }
        count(closed.user(), closed.connection());
        try {
            for (CallRecord call : store.of(closed.user())) {
                if (closed.connection().equals(call.connectionOf(closed.user()))) {
                    disconnected(call, closed.user());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ending the calls of a closed connection failed", e);
        }
    }

    /** The node that counted a user's {@code /video-calls} connections stopped: that user's calls end. */
    void departed(@Observes PresenceStore.Departure departure) {
        if (CONNECTED.equals(departure.scope())) {
            endAll(departure.user());
        }
    }

    /** The presence store missed some counts of this node: each user's {@code /video-calls} connections again. */
    void toldAgain(@Observes PresenceStore.SetAgain again) {
        registry.connections().stream()
                .filter(c -> NAMESPACE.equals(c.namespace()) && c.user() != null)
                .map(Connection::user)
                .distinct()
                .forEach(user -> count(user, null));
    }

    /**
     * Tells the store how many {@code /video-calls} connections the user has on this node (but {@code closing});
     * when that leaves none anywhere, the user's calls end.
     */
    private void count(String user, String closing) {
        CompletionStage<PresenceStore.Change> told;
        synchronized (counting[Math.floorMod(user.hashCode(), counting.length)]) {
            int here = (int) registry.connectionsOf(user).stream()
                    .filter(c -> NAMESPACE.equals(c.namespace()) && !c.id().equals(closing))
                    .count();
            told = connected.set(CONNECTED, user, here);
        }
        told.whenComplete((change, failure) -> {
            if (failure == null && change.kind() == PresenceStore.Change.Kind.LEFT) {
                endAll(user);
            }
        });
    }

    private void endAll(String user) {
        try {
            for (CallRecord call : store.of(user)) {
                disconnected(call, user);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ending the calls of a user with no connection left failed", e);
        }
    }

    private void disconnected(CallRecord call, String user) {
        if (store.end(call.id(), false).isPresent()) {
            stopRinging(call.id());
            send(call.otherParty(user), "video:end", data(call, user).add("reason", "disconnected"), null);
        }
    }

    /** A callee's device that connects while its call rings gets the incoming call. */
    @Override
    public List<String> framesFor(String channel, String subscriber) {
        if (!channel.startsWith(USER_PREFIX)
                || !channel.endsWith(CALLS_SUFFIX)
                || channel.length() <= USER_PREFIX.length() + CALLS_SUFFIX.length()) {
            return List.of(); // asked on every subscription: only calls channels look at the calls
        }
        String user = channel.substring(USER_PREFIX.length(), channel.length() - CALLS_SUFFIX.length());
        List<String> ringing = new ArrayList<>();
        for (CallRecord call : store.of(user)) {
            if (call.ringing() && call.callee().equals(user)) {
                JsonObject data = data(call, call.caller())
                        .add(
                                "offer",
                                JSON.createReader(new StringReader(call.offer()))
                                        .readValue())
                        .build();
                ringing.add(EventFrame.serialize(
                        channel, "video:incoming-call", data.toString(), 0, System.currentTimeMillis()));
            }
        }
        return ringing;
    }

    private void missed(String id) {
        try {
            ringTimeouts.remove(id);
            store.end(id, true).ifPresent(call -> {
                send(call.caller(), "video:missed", data(call, call.caller()).add("toUserId", call.callee()), null);
                send(call.callee(), "video:missed", data(call, call.caller()).add("toUserId", call.callee()), null);
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ending an unanswered call failed", e);
        }
    }

    private void takeOver() {
        try {
            store.overdue().forEach(this::missed);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Looking for unanswered calls failed; the next look tries again", e);
        }
    }

    private void stopRinging(String id) {
        ScheduledFuture<?> timeout = ringTimeouts.remove(id);
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /** The call, when this connection's user is one of its parties; otherwise forbidden, whether it exists or not. */
    private CallRecord partyCall(Connection from, String callId, String frameId) {
        return store.get(callId)
                .filter(call -> call.hasParty(from.user()))
                .orElseThrow(() -> new FrameException(ErrorCode.FORBIDDEN, "not a party to this call", frameId));
    }

    private static JsonObjectBuilder data(CallRecord call, String from) {
        return JSON.createObjectBuilder().add("callId", call.id()).add("fromUserId", from);
    }

    private void send(String user, String event, JsonObjectBuilder data, String exceptConnection) {
        PublishOptions options = PublishOptions.NONE.asEphemeral();
        publisher.submit(Publication.now(channel(user), event, data.build())
                .with(exceptConnection == null ? options : options.excluding(exceptConnection)));
    }
}
