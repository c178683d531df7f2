/**
 * The trading game's raw-WebSocket dialect ({@code shared/systems/trading-game.md}): its token-data endpoint, whose
 * frames are read into Tidings verbs and whose clients get Tidings' frames and channel events in the game's shapes.
 */
package io.tidings.game;
