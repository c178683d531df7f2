package io.tidings.cluster;

/**
 * Receives the publications of the channels a node subscribes to (the delivery registers one, as a CDI bean).
 *
 * <p>Called once per publication per subscribed node, in offset order per channel, never concurrently for one channel;
 * different channels may be handed off concurrently. {@link LocalBus} calls it on the publishing thread while it holds
 * the channel's lock. It must return quickly, must not block and must not call back into the bus.
 */
public interface BusHandler {

    void handle(Entry entry);
}
