package io.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.session.Cork;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void withAWriteDelayEveryTurnIsCorkedAndTakesTheTasksThatComeUntilItIsFull() throws InterruptedException {
        try (DeliveryWorkers delayed =
                DeliveryWorkers.start(1, 1000, TimeUnit.MINUTES.toNanos(1), Executors.defaultThreadFactory())) {
            List<Cork> corks = new CopyOnWriteArrayList<>();
            for (int i = 0; i <= DeliveryWorkers.TURN; i++) {
                CountDownLatch ran = new CountDownLatch(1); // each given only once the one before has run
                delayed.execute(0, () -> {
                    corks.add(Cork.current());
                    ran.countDown();
                });
                assertTrue(ran.await(10, TimeUnit.SECONDS), "task " + i + " ran within its turn, not after it");
            }
            assertNotNull(corks.get(0), "a lone task is corked too: the turn waits for more");
            assertEquals(
                    1,
                    corks.subList(0, DeliveryWorkers.TURN).stream().distinct().count());
            assertNotSame(corks.get(0), corks.get(DeliveryWorkers.TURN), "a full turn ends before its delay");
        }
    }

    @Test
    void aWriteDelaysTurnEndsOnceTheDelayHasPassed() throws InterruptedException {
        long delay = TimeUnit.MILLISECONDS.toNanos(500);
        try (DeliveryWorkers delayed = DeliveryWorkers.start(1, 1000, delay, Executors.defaultThreadFactory())) {
            List<Cork> corks = new CopyOnWriteArrayList<>();
            List<Long> times = new CopyOnWriteArrayList<>();
            long firstGiven = System.nanoTime(); // the turn cannot have started before its first task was given
            int given = 0;
            do {
                CountDownLatch ran = new CountDownLatch(1);
                delayed.execute(0, () -> {
                    corks.add(Cork.current());
                    times.add(System.nanoTime());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a delivery's work: the turn goes on
                    ran.countDown();
                });
                assertTrue(ran.await(10, TimeUnit.SECONDS));
                given++;
            } while (corks.get(corks.size() - 1) == corks.get(0) && given < DeliveryWorkers.TURN);
            assertTrue(given < DeliveryWorkers.TURN, "the turn ended on time, not for being full");
            assertTrue(given > 2, "tasks given within the delay joined the first one's turn");
            assertTrue(times.get(given - 1) - firstGiven >= delay, "the turn stayed open for its delay");
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
    void anInterruptOtherThanClosingLeavesTheWorkerServingAndItsTurnsThreadUninterrupted() throws InterruptedException {
        try (DeliveryWorkers delayed =
                DeliveryWorkers.start(1, 1000, TimeUnit.MILLISECONDS.toNanos(200), Executors.defaultThreadFactory())) {
            List<Thread> thread = new CopyOnWriteArrayList<>();
            CountDownLatch first = new CountDownLatch(1);
            delayed.execute(0, () -> {
                thread.add(Thread.currentThread());
                first.countDown();
            });
            assertTrue(first.await(10, TimeUnit.SECONDS));
            thread.get(0).interrupt(); // inside the turn's wait for more tasks

            List<Boolean> interrupted = new CopyOnWriteArrayList<>();
            CountDownLatch later = new CountDownLatch(1);
            delayed.execute(0, () -> {
                interrupted.add(Thread.currentThread().isInterrupted());
                later.countDown();
            });
            assertTrue(later.await(10, TimeUnit.SECONDS), "the worker still serves");
            assertEquals(List.of(false), interrupted, "a task (and a release's sends) never runs interrupted");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 60_000})
    void aBacklogLongerThanATurnRunsWholeAndInOrder(long writeDelayMillis) throws InterruptedException {
        try (DeliveryWorkers one = DeliveryWorkers.start(
                1, 1000, TimeUnit.MILLISECONDS.toNanos(writeDelayMillis), Executors.defaultThreadFactory())) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            one.execute(0, () -> {
                started.countDown();
                awaitQuietly(go);
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            int backlog = 3 * DeliveryWorkers.TURN;
            List<Integer> ran = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(backlog);
            for (int i = 0; i < backlog; i++) {
                int n = i;
                one.execute(0, () -> {
                    ran.add(n);
                    all.countDown();
                });
            }
            go.countDown();
            assertTrue(all.await(10, TimeUnit.SECONDS), "every task of the backlog ran: " + ran.size());
            assertEquals(java.util.stream.IntStream.range(0, backlog).boxed().toList(), ran);
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
