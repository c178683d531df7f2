package io.tidings.wallet;

import java.math.BigDecimal;

/** Something happened on chain or to a wallet. Fire one as a CDI event; amounts are decimals. */
public sealed interface WalletEvent {

    long ts();

    /** {@code balance:{address}}, {@code balance.updated}: a token's balance at the address now. */
    record WalletBalanceChanged(
            String address, String chain, String token, BigDecimal balance, BigDecimal change, String txHash, long ts)
            implements WalletEvent {}

    /** {@code nft:{address}}, {@code nft.transfer}: {@code direction} is {@code in} or {@code out} for the address. */
    record NftTransferred(
            String address,
            String collection,
            String tokenId,
            String from,
            String to,
            String direction,
            String txHash,
            long ts)
            implements WalletEvent {}

    /** {@code token:price}, {@code price.update}: one token's price for every subscriber of the price board. */
    record TokenPriceUpdated(String symbol, BigDecimal price, BigDecimal change24h, long ts) implements WalletEvent {}

    /** {@code staking:{positionId}}, {@code staking.update}. */
    record StakingPositionUpdated(
            String positionId, BigDecimal staked, BigDecimal rewards, BigDecimal apr, String status, long ts)
            implements WalletEvent {}
}
