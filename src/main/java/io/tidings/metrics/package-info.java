/**
 * The one owner of the node's counters, on Micrometer: it observes the lifecycle events, is the sessions' delivery
 * meter, and serves both {@code /api/stats} and the Prometheus text of {@code /metrics}.
 */
package io.tidings.metrics;
