/**
 * The bus between publishers and subscribers: assigns per-channel offsets, keeps bounded history and
 * hands each publication, once, to this node's fan-out. One node in memory today; Redis for many nodes next.
 */
package io.tidings.cluster;
