/**
 * Rate limiting building blocks: a token bucket per connection and per-address windows (failed authentications,
 * new connections). Pure logic, thread-safe.
 */
package io.tidings.limits;
