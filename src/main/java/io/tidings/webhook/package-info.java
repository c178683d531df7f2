/** Calls to the backend's webhooks: asynchronous, with a timeout and bounded retries. */
package io.tidings.webhook;
