/**
 * The HTTP API for backends ({@code /api}: publish, broadcast) and the health probes ({@code /health}).
 * Every {@code /api} call needs the API key or a publisher token.
 */
package io.tidings.api;
