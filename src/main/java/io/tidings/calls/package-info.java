/**
 * The {@code /video-calls} namespace: a WebRTC signaling relay between the two parties of a call, with its state
 * (ringing, active, ended), ring timeout and hang-up when a party goes away.
 */
package io.tidings.calls;
