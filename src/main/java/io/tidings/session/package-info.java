/**
 * Live connections: the registry of sessions and subscriptions, and each connection's single writer
 * (a bounded outbound queue with at most one send in flight).
 */
package io.tidings.session;
