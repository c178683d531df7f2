/**
 * The {@code /messaging} namespace: conversations whose membership the backend sets, messages handed to the
 * application before they are delivered, typing indicators and read receipts for the other members only.
 */
package io.tidings.messaging;
