/**
 * A market analyzer's events as typed domain events ({@link io.tidings.alerts.AnalyzerEvent}): prices, alerts,
 * whale movements, social spikes and portfolios, to one coin's subscribers or one user (docs/events.md).
 */
package io.tidings.alerts;
