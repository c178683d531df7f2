/**
 * Publications and their fan-out: the {@link io.tidings.delivery.Publisher} is the one way into the bus, and the
 * {@link io.tidings.delivery.Fanout} hands each publication's one serialized frame to every local subscriber.
 */
package io.tidings.delivery;
