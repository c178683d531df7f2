/**
 * The demo feed: a simulated exchange publishing tickers, order books, trades, klines and token prices, so a
 * fresh install shows live data. Off unless {@code tidings.demo.enabled}.
 */
package io.tidings.demo;
