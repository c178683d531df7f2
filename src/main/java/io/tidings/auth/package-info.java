/**
 * Who a connection is: tokens found at the handshake or in an {@code authenticate} frame, their verification,
 * the user principal, and which channels that user may subscribe to.
 */
package io.tidings.auth;
