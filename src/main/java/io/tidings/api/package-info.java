/**
 * The HTTP API for backends ({@code /api}: publish, broadcast, history, stats), the health probes ({@code /health})
 * and the Prometheus text ({@code /metrics}). Every {@code /api} call needs the API key or a publisher token.
 */
package io.tidings.api;
