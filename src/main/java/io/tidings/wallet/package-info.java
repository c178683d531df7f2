/**
 * A wallet or blockchain app's events as typed domain events ({@link io.tidings.wallet.WalletEvent}): balances and
 * NFTs per address, token prices, staking positions (docs/events.md).
 */
package io.tidings.wallet;
