package io.tidings.exchange;

import java.math.BigDecimal;

/** Something happened to one user's account on the exchange. Fire one as a CDI event. */
public sealed interface ExchangeEvent {

    /** The user it happened to: its events go to {@code user:{userId}:...}. */
    String userId();

    long ts();

    /** {@code user:{id}:orders}, {@code order.created}; {@code price} is null for a market order. */
    record OrderCreated(
            String userId,
            String orderId,
            String symbol,
            String side,
            String type,
            BigDecimal price,
            BigDecimal quantity,
            long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:orders}, {@code order.filled}: {@code filledQuantity} of it at {@code price} so far. */
    record OrderFilled(
            String userId,
            String orderId,
            String symbol,
            String side,
            BigDecimal price,
            BigDecimal filledQuantity,
            BigDecimal remainingQuantity,
            long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:orders}, {@code order.cancelled}. */
    record OrderCancelled(String userId, String orderId, String symbol, String reason, long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:orders}, {@code order.expired}. */
    record OrderExpired(String userId, String orderId, String symbol, long ts) implements ExchangeEvent {}

    /** {@code user:{id}:trades}, {@code trade.executed}: one of the user's orders traded. */
    record TradeExecuted(
            String userId,
            String tradeId,
            String orderId,
            String symbol,
            String side,
            BigDecimal price,
            BigDecimal quantity,
            BigDecimal fee,
            String feeAsset,
            long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:balances}, {@code balance.updated}: the asset's balance now. */
    record BalanceUpdated(String userId, String asset, BigDecimal available, BigDecimal locked, long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:balances}, {@code balance.locked}: an amount held, e.g. for an open order. */
    record BalanceLocked(String userId, String asset, BigDecimal amount, String reference, long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:balances}, {@code balance.unlocked}. */
    record BalanceUnlocked(String userId, String asset, BigDecimal amount, String reference, long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:deposits}, {@code deposit.detected}: seen on chain, not yet confirmed. */
    record DepositDetected(String userId, String depositId, String asset, BigDecimal amount, String txHash, long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:deposits}, {@code deposit.confirmed}: enough confirmations. */
    record DepositConfirmed(
            String userId, String depositId, String asset, BigDecimal amount, String txHash, int confirmations, long ts)
            implements ExchangeEvent {}

    /** {@code user:{id}:deposits}, {@code deposit.credited}: in the user's balance. */
    record DepositCredited(String userId, String depositId, String asset, BigDecimal amount, long ts)
            implements ExchangeEvent {}
}
