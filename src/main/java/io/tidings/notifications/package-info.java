/**
 * The {@code /notifications} namespace: each connection is subscribed to its user's {@code user:{id}:notifications};
 * Tidings counts the unread notifications per user and tells every connection of the user after each change.
 */
package io.tidings.notifications;
