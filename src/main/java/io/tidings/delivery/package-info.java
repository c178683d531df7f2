/**
 * Publications and their fan-out: a publication is serialized once into an {@code event} frame and the same
 * string is queued to every subscriber of its channel on this node.
 */
package io.tidings.delivery;
