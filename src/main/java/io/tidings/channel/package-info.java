/**
 * Channel names, their grammar and the per-namespace rules that say who may subscribe.
 * Pure logic: nothing here knows about sessions or servers.
 */
package io.tidings.channel;
