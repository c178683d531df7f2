package io.tidings.demo;

import io.tidings.delivery.ChannelStateChanged;
import io.tidings.delivery.Publication;
import io.tidings.limits.ThrottledLog;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drives the simulated markets when {@code tidings.demo.enabled}: five steps a second per symbol (trades, book
 * deltas), a summary every second (ticker, kline, token price) and a book snapshot every ten seconds; the book's
 * current snapshot is the state a new subscriber gets first. It publishes by firing {@link Publication} and
 * {@link ChannelStateChanged} events, as any domain code would.
 */
@ApplicationScoped
public class DemoFeed {

    private static final Logger LOG = Logger.getLogger(DemoFeed.class.getName());
    private final ThrottledLog failures = new ThrottledLog(LOG, "A demo feed step failed");
    private static final long STEP_MILLIS = 200;
    private static final int STEPS_PER_SUMMARY = 5;
    private static final int STEPS_PER_SNAPSHOT = 50;

    private Event<Publication> publications;
    private Event<ChannelStateChanged> states;
    private boolean enabled;
    private List<String> symbols;
    private final List<SimulatedMarket> markets = new ArrayList<>();
    private ScheduledFuture<?> task;
    private long steps;

    @Resource
    ManagedScheduledExecutorService scheduler;

    DemoFeed() {}

    @Inject
    public DemoFeed(
            Event<Publication> publications,
            Event<ChannelStateChanged> states,
            @ConfigProperty(name = "tidings.demo.enabled") boolean enabled,
            @ConfigProperty(name = "tidings.demo.symbols") List<String> symbols) {
        this.publications = publications;
        this.states = states;
        this.enabled = enabled;
        this.symbols = symbols;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        if (!enabled) {
            return;
        }
        Random random = new Random();
        symbols.forEach(symbol -> markets.add(new SimulatedMarket(symbol, random)));
        task = scheduler.scheduleAtFixedRate(this::step, 0, STEP_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Demo feed publishing " + symbols);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private synchronized void step() {
        try {
            long now = System.currentTimeMillis();
            for (SimulatedMarket market : markets) {
                if (steps % STEPS_PER_SNAPSHOT == 0) {
                    publications.fire(market.bookSnapshot(now));
                }
                market.step(now).forEach(publications::fire);
                Publication book = market.bookSnapshot(now); // kept current for new subscribers, not published
                states.fire(new ChannelStateChanged(book.channel(), book.event(), book.data()));
                if (steps % STEPS_PER_SUMMARY == 0) {
                    market.summary(now).forEach(publications::fire);
                }
            }
            steps++;
        } catch (RuntimeException e) {
            failures.note(e); // a failing step (the bus unavailable) must not cancel the schedule
        }
    }
}
