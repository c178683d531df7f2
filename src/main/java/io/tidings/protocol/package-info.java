/**
 * The wire protocol as values: inbound frames decoded into records, outbound frames written as JSON text,
 * and the catalogues of error and close codes. Pure logic, no server.
 */
package io.tidings.protocol;
