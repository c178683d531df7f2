package io.tidings.delivery;

import java.util.List;

/**
 * State a new subscriber of a channel gets right after {@code subscribed} (and what it missed), before any live
 * event: e.g. the user's unread count, the members of a presence channel. Beans of this type are asked on every
 * subscription, on the subscribing thread: answer from memory, with an empty list for channels they do not keep.
 */
public interface ChannelState {

    /** Serialized {@code event} frames for this subscriber (its user is null when anonymous). */
    List<String> framesFor(String channel, String user);
}
