/**
 * A crypto exchange's private events as typed domain events ({@link io.tidings.exchange.ExchangeEvent}): orders,
 * a user's trades, balances and deposits, each to {@code user:{id}:{stream}} (docs/events.md).
 */
package io.tidings.exchange;
