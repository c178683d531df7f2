package io.tidings.calls;

import io.tidings.cluster.PublishOptions;
import io.tidings.delivery.ChannelState;
import io.tidings.delivery.Publication;
import io.tidings.delivery.Publisher;
import io.tidings.lifecycle.ConnectionClosed;
import io.tidings.limits.AddressWindow;
import io.tidings.protocol.ErrorCode;
import io.tidings.protocol.EventFrame;
import io.tidings.protocol.FrameException;
import io.tidings.session.Connection;
import io.tidings.session.SessionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The calls on this node and their state. Everything a party sends reaches the other party as an ephemeral event of
 * {@code user:{id}:calls}, so every device of a callee rings; the first device to answer takes the call and the
 * others get {@code video:end} with reason {@code answered_elsewhere}. Unanswered after {@code
 * tidings.calls.ring.seconds} both parties get {@code video:missed}; a party whose call device, or last {@code
 * /video-calls} connection, closes ends the call ({@code video:end}, reason {@code disconnected}). Ended calls are
 * forgotten.
 */
@ApplicationScoped
public class Calls implements ChannelState {

    static final String NAMESPACE = "/video-calls";
    private static final Logger LOG = Logger.getLogger(Calls.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider(); // Json.create... looks it up per call
    private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
    /** Each user's calls, as caller or callee; changed only under {@link #book}. */
    private final Map<String, Set<Call>> byUser = new HashMap<>();
    /** Guards the admission of a new call against the limits, and {@link #byUser}. */
    private final Object book = new Object();

    private AddressWindow ringsPerCallee;

    @Inject
    Publisher publisher;

    @Inject
    SessionRegistry registry;

    @Inject
    @ConfigProperty(name = "tidings.calls.ring.seconds")
    int ringSeconds;

    @Inject
    @ConfigProperty(name = "tidings.calls.max")
    int maxCalls;

    @Inject
    @ConfigProperty(name = "tidings.calls.per.user")
    int callsPerUser;

    @Inject
    @ConfigProperty(name = "tidings.calls.ringing.per.user")
    int ringingPerUser;

    @Inject
    @ConfigProperty(name = "tidings.calls.rings.per.minute")
    int ringsPerMinute;

    @PostConstruct
    void configure() {
        ringsPerCallee = new AddressWindow(ringsPerMinute, 60_000);
    }

    @Resource
    ManagedScheduledExecutorService scheduler;

    private static final String USER_PREFIX = "user:";
    private static final String CALLS_SUFFIX = ":calls";

    public static String channel(String user) {
        return USER_PREFIX + user + CALLS_SUFFIX;
    }

    void offer(Connection from, CallsFrame.Offer offer) {
        String caller = from.user();
        if (caller.equals(offer.toUserId())) {
            throw new FrameException(ErrorCode.BAD_REQUEST, "a call needs another user", offer.id());
        }
        Call call = new Call(offer.callId(), caller, offer.toUserId(), from.id(), offer.offer());
        synchronized (book) {
            long now = System.currentTimeMillis();
            String refusal = refusal(caller, call.callee, now);
            if (refusal != null) {
                throw new FrameException(ErrorCode.RATE_LIMITED, refusal, offer.id());
            }
            if (calls.putIfAbsent(call.id, call) != null) {
                throw new FrameException(ErrorCode.FORBIDDEN, "that call id is taken", offer.id());
            }
            byUser.computeIfAbsent(caller, u -> new HashSet<>()).add(call);
            byUser.computeIfAbsent(call.callee, u -> new HashSet<>()).add(call);
            ringsPerCallee.record(call.callee, now);
        }
        synchronized (call) {
            if (call.state != Call.State.RINGING) {
                return; // ended (by the caller's other device, or a close) before it could ring
            }
            call.ringTimeout = scheduler.schedule(() -> missed(call), ringSeconds, TimeUnit.SECONDS);
            send(call.callee, "video:incoming-call", data(call, caller).add("offer", offer.offer()), null);
        }
    }

    void answer(Connection from, CallsFrame.Answer answer) {
        Call call = partyCall(from, answer.callId(), answer.id());
        synchronized (call) {
            if (!call.callee.equals(from.user()) || call.state != Call.State.RINGING) {
                throw new FrameException(
                        ErrorCode.FORBIDDEN,
                        call.state == Call.State.ACTIVE ? "answered on another device" : "only the callee answers",
                        answer.id());
            }
            call.state = Call.State.ACTIVE;
            call.calleeConnection = from.id();
            call.ringTimeout.cancel(false);
            send(call.caller, "video:answer", data(call, from.user()).add("answer", answer.answer()), null);
            send(call.callee, "video:end", data(call, from.user()).add("reason", "answered_elsewhere"), from.id());
        }
    }

    void candidate(Connection from, CallsFrame.IceCandidate candidate) {
        Call call = partyCall(from, candidate.callId(), candidate.id());
        synchronized (call) {
            String to = call.otherParty(from.user());
            send(to, "video:ice-candidate", data(call, from.user()).add("candidate", candidate.candidate()), null);
        }
    }

    void reject(Connection from, CallsFrame.Reject reject) {
        Call call = partyCall(from, reject.callId(), reject.id());
        synchronized (call) {
            if (!call.callee.equals(from.user()) || call.state != Call.State.RINGING) {
                throw new FrameException(ErrorCode.FORBIDDEN, "only a ringing callee rejects", reject.id());
            }
            end(call);
            send(call.caller, "video:reject", data(call, from.user()), null);
            send(call.callee, "video:end", data(call, from.user()).add("reason", "rejected"), from.id());
        }
    }

    void hangUp(Connection from, CallsFrame.End hangUp) {
        Call call = partyCall(from, hangUp.callId(), hangUp.id());
        synchronized (call) {
            end(call);
            send(
                    call.otherParty(from.user()),
                    "video:end",
                    data(call, from.user()).add("reason", "hung_up"),
                    null);
        }
    }

    /**
     * Why a new call between these users may not ring now, or null when it may: each takes part in at most {@code
     * tidings.calls.per.user} calls (as caller or callee); a callee has at most {@code
     * tidings.calls.ringing.per.user} calls ringing and is rung at most {@code tidings.calls.rings.per.minute}
     * times a minute; a caller rings a callee once at a time. Called under {@link #book}.
     */
    private String refusal(String caller, String callee, long now) {
        if (calls.size() >= maxCalls) {
            return "too many calls on this server, try again later";
        }
        Set<Call> callers = byUser.getOrDefault(caller, Set.of());
        Set<Call> callees = byUser.getOrDefault(callee, Set.of());
        if (callers.size() >= callsPerUser) {
            return "you are in too many calls at once";
        }
        if (callees.size() >= callsPerUser) {
            return "that user is in too many calls at once";
        }
        if (callers.stream().anyMatch(call -> call.ringing() && call.callee.equals(callee))) {
            return "your call to that user is still ringing";
        }
        if (callees.stream()
                        .filter(call -> call.ringing() && call.callee.equals(callee))
                        .count()
                >= ringingPerUser) {
            return "that user has too many calls ringing, try again later";
        }
        if (ringsPerCallee.over(callee, now)) {
            return "that user was called too often, try again later";
        }
        return null;
    }

    /** A party's call device closed, or its last connection to this namespace: its calls end. */
    void closed(@Observes ConnectionClosed closed) {
        if (!NAMESPACE.equals(closed.namespace()) || closed.user() == null) {
            return;
        }
        boolean lastOne = registry.connectionsOf(closed.user()).stream()
                .noneMatch(c -> NAMESPACE.equals(c.namespace()) && !c.id().equals(closed.connection()));
        List<Call> theirs;
        synchronized (book) {
            theirs = List.copyOf(byUser.getOrDefault(closed.user(), Set.of()));
        }
        for (Call call : theirs) {
            try {
                synchronized (call) {
                    if (call.state != Call.State.ENDED
                            && (lastOne || closed.connection().equals(call.connectionOf(closed.user())))) {
                        end(call);
                        send(
                                call.otherParty(closed.user()),
                                "video:end",
                                data(call, closed.user()).add("reason", "disconnected"),
                                null);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Ending a call of a closed connection failed", e);
            }
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
        List<Call> theirs;
        synchronized (book) {
            theirs = List.copyOf(byUser.getOrDefault(user, Set.of())); // this user's calls, not every call
        }
        List<String> ringing = new ArrayList<>();
        for (Call call : theirs) {
            synchronized (call) {
                if (call.state == Call.State.RINGING && channel.equals(channel(call.callee))) {
                    JsonObject data =
                            data(call, call.caller).add("offer", call.offer).build();
                    ringing.add(EventFrame.serialize(
                            channel, "video:incoming-call", data.toString(), 0, System.currentTimeMillis()));
                }
            }
        }
        return ringing;
    }

    private void missed(Call call) {
        try {
            synchronized (call) {
                if (call.state != Call.State.RINGING) {
                    return;
                }
                end(call);
                JsonObjectBuilder data = data(call, call.caller).add("toUserId", call.callee);
                send(call.caller, "video:missed", data, null);
                send(call.callee, "video:missed", data(call, call.caller).add("toUserId", call.callee), null);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ending an unanswered call failed", e);
        }
    }

    /** The call, when this connection's user is one of its parties; otherwise forbidden, whether it exists or not. */
    private Call partyCall(Connection from, String callId, String frameId) {
        Call call = calls.get(callId);
        if (call == null || !call.hasParty(from.user())) {
            throw new FrameException(ErrorCode.FORBIDDEN, "not a party to this call", frameId);
        }
        return call;
    }

    private void end(Call call) {
        call.state = Call.State.ENDED;
        if (call.ringTimeout != null) {
            call.ringTimeout.cancel(false);
        }
        synchronized (book) {
            calls.remove(call.id, call);
            forget(call.caller, call);
            forget(call.callee, call);
        }
    }

    private void forget(String user, Call call) {
        Set<Call> of = byUser.get(user);
        if (of != null && of.remove(call) && of.isEmpty()) {
            byUser.remove(user);
        }
    }

    private static JsonObjectBuilder data(Call call, String from) {
        return JSON.createObjectBuilder().add("callId", call.id).add("fromUserId", from);
    }

    private void send(String user, String event, JsonObjectBuilder data, String exceptConnection) {
        PublishOptions options = PublishOptions.NONE.asEphemeral();
        publisher.submit(Publication.now(channel(user), event, data.build())
                .with(exceptConnection == null ? options : options.excluding(exceptConnection)));
    }
}
