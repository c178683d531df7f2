package io.tidings.socketio;

import io.tidings.support.RedisServer;
import io.tidings.support.TestBuses;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/** Socket.IO sessions in a real Redis, which every node shares. */
class RedisSavedSessionsTest extends SavedSessionsContract {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    @AutoClose
    private static RedisServer redis;

    @AutoClose
    private final TestBuses buses = new TestBuses();

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @Override
    protected SavedSessions newSessions() {
        String prefix = "sessions" + DEPLOYMENTS.incrementAndGet() + ":";
        return new RedisSavedSessions(buses.open(entry -> {}, TestBuses.settings(redis.url(), prefix, 10))
                .store()
                .orElseThrow());
    }

    @Override
    protected void pass(long millis) throws InterruptedException {
        Thread.sleep(millis); // Redis keeps its own time: a time to live can only be seen to pass
    }
}
