/**
 * Who is there: per channel, the users subscribed to it ({@code presence:{channel}}, the presence API); per user,
 * online or offline. Both with a grace period, so a reconnect inside it is no leave and join.
 */
package io.tidings.presence;
