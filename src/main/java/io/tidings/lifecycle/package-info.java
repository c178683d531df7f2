/**
 * What happened to connections, subscriptions and publications, as immutable past-tense records fired as CDI events
 * where the state changed. Presence, metrics and the monitor observe them. Observers run on the thread that changed
 * the state (often a container I/O thread): they must be quick and must not block.
 */
package io.tidings.lifecycle;
