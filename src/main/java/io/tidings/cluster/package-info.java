/**
 * The bus between publishers and subscribers, and between nodes: per-channel offsets and epochs, bounded history,
 * idempotency keys, and the hand-off of each publication to the {@link io.tidings.cluster.BusHandler} of every
 * subscribed node: {@link io.tidings.cluster.LocalBus} (one node, in memory) or {@link io.tidings.cluster.RedisBus}
 * (many nodes over one Redis).
 */
package io.tidings.cluster;
