package io.tidings.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Node messages over Redis pub/sub: a message goes out on the deployment's one nodes topic, which every node listens
 * to; PUBLISH answers how many listened, and the sender waits for that many answers on its own answers topic. Each
 * node handles a message on one worker thread, in the order they came. A node whose pub/sub connection was away
 * gives itself a {@link NodeMessage#RESET}.
 */
final class RedisNodeMessages implements NodeMessages {

    private static final Logger LOG = Logger.getLogger(RedisNodeMessages.class.getName());

    private final String node;
    private final String nodesTopic;
    private final String answersTopic;
    private final RedisKeys keys;
    private final RedisConnections connections;
    private final Duration timeout;
    private final Executor worker;
    private final Consumer<NodeMessage> handler;
    private final Map<String, Answers> waiting = new ConcurrentHashMap<>();
    /** What a node answers when its handler failed: never an observer's answer (they are one line). */
    private static final String FAILED = "\u0000failed";

    private final AtomicLong lastId = new AtomicLong();
    private final AtomicBoolean confirmedOnce = new AtomicBoolean();

    RedisNodeMessages(
            String node,
            RedisKeys keys,
            RedisConnections connections,
            Duration timeout,
            Executor worker,
            Consumer<NodeMessage> handler) {
        this.node = node;
        this.keys = keys;
        this.nodesTopic = keys.nodes();
        this.answersTopic = keys.answers(node);
        this.connections = connections;
        this.timeout = timeout;
        this.worker = worker;
        this.handler = handler;
    }

    /** Listens to the nodes topic and to this node's answers, returning once Redis confirmed both. */
    void listen() {
        PubSub pubSub = connections.pubSub();
        RedisCalls.await(
                CompletableFuture.allOf(pubSub.subscribe(nodesTopic), pubSub.subscribe(answersTopic)),
                timeout,
                "the node messages' subscriptions");
    }

    @Override
    public List<String> ask(String kind, String payload) {
        String id = node + "/" + lastId.incrementAndGet();
        Answers answers = new Answers();
        waiting.put(id, answers);
        try {
            long listeners = connections.publish(nodesTopic, id + "\n" + node + "\n" + kind + "\n" + payload);
            answers.expect((int) listeners);
            List<String> all = RedisCalls.await(answers.all, timeout, "the nodes' answers to " + kind);
            if (all.contains(FAILED)) {
                throw new BusUnavailableException("a node could not apply " + kind + " (it logged why)", null);
            }
            return all;
        } finally {
            waiting.remove(id);
        }
    }

    @Override
    public String node() {
        return node;
    }

    /** Whether a pub/sub message is one of these; if so, it is taken care of (on the I/O thread: quick). */
    boolean received(String topic, String payload) {
        if (topic.equals(nodesTopic)) {
            worker.execute(() -> handle(payload));
            return true;
        }
        if (topic.equals(answersTopic)) {
            int newline = payload.indexOf('\n');
            Answers answers = newline < 0 ? null : waiting.get(payload.substring(0, newline));
            if (answers != null) {
                answers.add(payload.substring(newline + 1));
            }
            return true;
        }
        return false;
    }

    /**
     * Redis confirmed a subscription: after the first of the nodes topic, that is after a reconnection, and this node
     * may have missed messages.
     */
    void subscribed(String topic) {
        if (topic.equals(nodesTopic) && !confirmedOnce.compareAndSet(false, true)) {
            worker.execute(() -> handler.accept(new NodeMessage(NodeMessage.RESET, "")));
        }
    }

    /** On the node messages' thread: applies a message, and answers its sender, or says it could not. */
    private void handle(String message) {
        String[] parts = message.split("\n", 4);
        if (parts.length < 4) {
            LOG.warning("Dropped a node message this version cannot read");
            return;
        }
        NodeMessage received = new NodeMessage(parts[2], parts[3]);
        String answer;
        try {
            handler.accept(received);
            answer = received.answer();
        } catch (BusUnavailableException e) {
            LOG.warning("A node message of kind " + parts[2] + " could not be applied: " + e.getMessage());
            answer = FAILED;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Handling a node message of kind " + parts[2] + " failed", e);
            answer = FAILED;
        }
        try {
            connections.publish(keys.answers(parts[1]), parts[0] + "\n" + answer);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Answering a node message failed; its sender gives up after its timeout", e);
        }
    }

    /** The answers to one message, complete once as many came as nodes listened. */
    private static final class Answers {

        private final List<String> got = new ArrayList<>();
        private int expected = Integer.MAX_VALUE;
        final CompletableFuture<List<String>> all = new CompletableFuture<>();

        synchronized void expect(int listeners) {
            expected = listeners;
            completeIfDone();
        }

        synchronized void add(String answer) {
            got.add(answer);
            completeIfDone();
        }

        private void completeIfDone() {
            if (got.size() >= expected) {
                all.complete(List.copyOf(got));
            }
        }
    }
}
