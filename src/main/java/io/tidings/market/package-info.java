/**
 * Public market data as typed domain events ({@link io.tidings.market.MarketEvent}), fired by code inside the WAR;
 * {@link io.tidings.market.MarketEvents} turns each into its channel, event name and data (docs/events.md).
 */
package io.tidings.market;
