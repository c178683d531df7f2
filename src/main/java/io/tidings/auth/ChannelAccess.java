package io.tidings.auth;

import io.tidings.channel.ChannelMatch;
import io.tidings.channel.ChannelRules;
import java.util.function.BiPredicate;

/**
 * Who may subscribe to a resolved channel: public channels anyone; {@code user:{id}:*} that user; wallet
 * channels a user whose token claims the address or position; conversations their members; everything a user with
 * role {@code admin}.
 */
public final class ChannelAccess {

    /** The outcome, mapping to the protocol's error codes. */
    public enum Decision {
        ALLOW,
        UNAUTHORIZED,
        FORBIDDEN
    }

    public static final String ADMIN = "admin";

    private final String walletsClaim;
    private final String positionsClaim;
    private final ChannelRules rules;
    private final BiPredicate<String, String> isMember;

    /** @param isMember whether a user (second) is a member of a conversation (first) */
    public ChannelAccess(
            String walletsClaim, String positionsClaim, ChannelRules rules, BiPredicate<String, String> isMember) {
        this.walletsClaim = walletsClaim;
        this.positionsClaim = positionsClaim;
        this.rules = rules;
        this.isMember = isMember;
    }

    public ChannelAccess(String walletsClaim, String positionsClaim, ChannelRules rules) {
        this(walletsClaim, positionsClaim, rules, (conversation, user) -> false);
    }

    public Decision subscribe(ChannelMatch match, UserToken user) {
        switch (match.pattern().access()) {
            case PUBLIC:
                return Decision.ALLOW;
            case PRESENCE:
                return subscribe(rules.resolve(match.variable("channel")).orElseThrow(), user);
            default:
                break;
        }
        if (user == null) {
            return Decision.UNAUTHORIZED;
        }
        if (user.hasRole(ADMIN)) {
            return Decision.ALLOW;
        }
        boolean allowed = switch (match.pattern().access()) {
            case OWNER -> user.getName().equals(match.variable("userId"));
            case CLAIM -> claims(match, user);
            case MEMBERS -> isMember.test(match.variable("id"), user.getName());
            case ADMIN -> false; // role admin was allowed above
            default -> false;
        };
        return allowed ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /**
     * Whether the answer for this channel can change while a connection holds it: membership is the backend's and
     * changes at any time, so a subscription that was allowed must be checked again once it is registered.
     */
    public boolean dependsOnMembership(ChannelMatch match) {
        return switch (match.pattern().access()) {
            case MEMBERS -> true;
            case PRESENCE ->
                rules.resolve(match.variable("channel"))
                        .map(this::dependsOnMembership)
                        .orElse(false);
            default -> false;
        };
    }

    private boolean claims(ChannelMatch match, UserToken user) {
        String positionId = match.variable("positionId");
        if (positionId != null) {
            return user.claimValues(positionsClaim, false).contains(positionId);
        }
        String address = match.variable("address");
        // Hex (0x…) addresses are case-insensitive; others (base58) are not.
        boolean hex = address.regionMatches(true, 0, "0x", 0, 2);
        return user.claimValues(walletsClaim, hex).contains(hex ? address.toLowerCase(java.util.Locale.ROOT) : address);
    }
}
