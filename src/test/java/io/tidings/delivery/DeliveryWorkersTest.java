package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.session.Cork;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The fan-out's threads: order per worker, room for waiting tasks, and never a worker waiting for itself. */
class DeliveryWorkersTest {

    @AutoClose
    private final DeliveryWorkers workers = DeliveryWorkers.start(2, 1, Executors.defaultThreadFactory());

    @Test
    void aWorkersTasksRunOneAtATimeInTheOrderGiven() throws InterruptedException {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(200);
        for (int i = 0; i < 200; i++) {
            int n = i;
            workers.execute(1, () -> {
                ran.add(n);
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(java.util.stream.IntStream.range(0, 200).boxed().toList(), ran);
    }

    @Test
    void aTaskThatGivesAnotherToItsOwnWorkerPastTheBacklogDoesNotWaitForItself() throws InterruptedException {
        CountDownLatch both = new CountDownLatch(2);
        workers.execute(0, () -> {
            workers.execute(0, both::countDown); // the backlog (1) is taken by this very task
            both.countDown();
        });
        assertTrue(both.await(10, TimeUnit.SECONDS), "a worker waiting for room it holds would never finish");
    }

    @Test
    void aFailingTaskLeavesTheWorkerServing() throws InterruptedException {
        CountDownLatch after = new CountDownLatch(1);
        workers.execute(0, () -> {
            throw new IllegalStateException("one connection's trouble");
        });
        workers.execute(0, after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    @Test
    void tasksWaitingBehindABusyOneRunInOneCorkedTurn() throws InterruptedException {
        try (DeliveryWorkers roomy = DeliveryWorkers.start(1, 100, Executors.defaultThreadFactory())) {
            List<Boolean> corked = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            roomy.execute(0, () -> {
                corked.add(Cork.current() != null);
                started.countDown();
                awaitQuietly(go);
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                roomy.execute(0, () -> corked.add(Cork.current() != null));
            }
            CountDownLatch after = new CountDownLatch(1);
            roomy.execute(0, after::countDown);
            go.countDown();
            assertTrue(after.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(false, true, true, true), corked, "a lone task runs uncorked, as before");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void inlineWorkersRunEachTaskAtOnce() {
        DeliveryWorkers inline = DeliveryWorkers.inline();
        boolean[] ran = {false};
        inline.execute(0, () -> ran[0] = true);
        assertTrue(ran[0]);
    }
}
