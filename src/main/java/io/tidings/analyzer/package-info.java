/**
 * The market analyzer's raw WebSocket dialect ({@code shared/systems/market-analyzer.md}) on a path of its own: its
 * {@code {type, data}} JSON frames in as Tidings verbs, Tidings frames and channel events out in its shapes.
 */
package io.tidings.analyzer;
