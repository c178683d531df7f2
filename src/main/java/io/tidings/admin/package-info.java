/**
 * The {@code /admin} namespace's own verbs, for operators: today disconnecting a user. The monitor feed joins it.
 */
package io.tidings.admin;
