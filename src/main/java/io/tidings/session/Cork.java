package io.tidings.session;

import io.tidings.protocol.EncodedText;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Holds back, on one thread, the sends of shared event frames that can leave together (the lines of a client that reads
 * batches, or whole frames where the container writes several at once) until {@link #release}: a delivery worker that
 * finds several publications waiting corks its turn, so each such connection's share of them leaves in one write
 * instead of one write each. Without it a container whose sends complete at once (Tyrus's)
 * never has a backlog in an outbox to batch: the backlog waits in the worker's queue instead. An outbox that
 * reaches {@link #HELD_FRAMES}, or half its queue's capacity if that is smaller, sends at once, so corking never
 * fills a queue.
 *
 * <p>The subscribers of a channel get the same frames in a turn, so the cork also keeps the last batch it joined and
 * gives it to the next connection whose batch holds the very same frames: joined once, not once per recipient.
 */
public final class Cork {

    /** The most frames an outbox holds back before it sends anyway (a batch's worth). */
    static final int HELD_FRAMES = Outbox.BATCH_FRAMES;

    private static final ThreadLocal<Cork> CURRENT = new ThreadLocal<>();

    private final ArrayList<Outbox> held = new ArrayList<>();
    private final Joined lines = new Joined();
    private final Joined frames = new Joined();
    private boolean releasing;

    private Cork() {}

    /** Corks this thread until {@link #release}. */
    public static Cork open() {
        Cork cork = new Cork();
        CURRENT.set(cork);
        return cork;
    }

    /** The cork that holds this thread's sends back, or null (none, or it is being released). */
    public static Cork current() {
        Cork cork = CURRENT.get();
        return cork == null || cork.releasing ? null : cork;
    }

    /** True until it is released. */
    boolean holding() {
        return !releasing;
    }

    /** The frames as the lines of one, joined once for every connection of this thread's cork that sends them. */
    static EncodedText lines(EncodedText[] frames, int count) {
        Cork cork = CURRENT.get();
        return cork == null
                ? EncodedText.lines(frames, count)
                : (EncodedText) cork.lines.get(frames, count, EncodedText::lines);
    }

    /** The whole frames one after another ({@link EncodedText#frames}), joined once as {@link #lines} are. */
    static ByteBuffer frames(EncodedText[] frames, int count) {
        Cork cork = CURRENT.get();
        return ByteBuffer.wrap(
                cork == null
                        ? EncodedText.frames(frames, count)
                        : (byte[]) cork.frames.get(frames, count, EncodedText::frames));
    }

    /** Remembers an outbox that holds a frame back; {@link Outbox#uncork} runs for it at the release. */
    void hold(Outbox outbox) {
        held.add(outbox);
    }

    /** Sends what every outbox held back, then uncorks this thread. */
    public void release() {
        releasing = true;
        try {
            for (Outbox outbox : held) {
                outbox.uncork(this);
            }
        } finally {
            CURRENT.remove();
            held.clear();
            held.trimToSize(); // an outbox another cork took over may still point here: keep nothing big
            lines.forget();
            frames.forget();
        }
    }

    /** The last batch joined, and the frames it was joined from. */
    private static final class Joined {
        private final EncodedText[] from = new EncodedText[Outbox.BATCH_FRAMES];
        private int count;
        private Object joined;

        /** The batch of these very frames (the same objects), joined by {@code join} unless it was just made. */
        Object get(EncodedText[] frames, int count, BiFunction<EncodedText[], Integer, Object> join) {
            boolean same = joined != null && count == this.count;
            for (int i = 0; same && i < count; i++) {
                same = frames[i] == from[i];
            }
            if (!same) {
                joined = join.apply(frames, count);
                System.arraycopy(frames, 0, from, 0, count);
                this.count = count;
            }
            return joined;
        }

        void forget() {
            Arrays.fill(from, null);
            joined = null;
        }
    }
}
