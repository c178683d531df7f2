// React bindings of tidings.js (tidings-client/react): a provider that keeps one connection while it is mounted,
// a hook for the client and its status, one for a channel's events. Plain JavaScript (no JSX): no build step.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useReducer, useSyncExternalStore } from "react";
import { Tidings } from "./tidings.js";

const TidingsContext = createContext(null);

/**
 * Gives its children one connection: made from the options (a new `url` makes a new one) or the `client` given,
 * connected while mounted and closed on unmount. It is made without connecting and connects in an effect, so
 * StrictMode's mount, cleanup, mount closes it and opens it again, and a render React throws away opens nothing.
 */
export function TidingsProvider({ client: given, children, ...options }) {
  // the other options are read once, when the client is made
  const client = useMemo(() => given ?? new Tidings(options), [given, options.url]);
  useEffect(() => {
    client.connect();
    return () => client.close();
  }, [client]);
  return createElement(TidingsContext.Provider, { value: client }, children);
}

/** The provider's client and its status (connecting, open, reconnecting, closed), re-rendered as it changes. */
export function useTidings() {
  const client = useContext(TidingsContext);
  if (!client) {
    throw new Error("useTidings and useChannel need a <TidingsProvider> above them");
  }
  const subscribe = useCallback((changed) => client.on("status", changed), [client]);
  const status = useSyncExternalStore(subscribe, () => client.status);
  return { client, status };
}

const latest = (state, data) => data;

/**
 * A channel's events while mounted, resumed without gap across reconnects: by default the latest event's data,
 * or what `reduce(state, data, frame)` makes of them from `initial` (e.g. the last 20 trades). Back to `initial`
 * when the channel changes or what was missed could not be recovered. A falsy channel subscribes to nothing.
 */
export function useChannel(channel, reduce = latest, initial = null) {
  const { client } = useTidings();
  const [state, dispatch] = useReducer(
    (state, event) => ({
      channel: event.channel,
      data: event.reset ? initial : reduce(state.channel === event.channel ? state.data : initial, event.data, event.frame),
    }),
    { channel, data: initial },
  );
  useEffect(() => {
    if (!channel) {
      return undefined;
    }
    return client.subscribe(channel, (data, frame) => dispatch({ channel, data, frame }), {
      onReset: () => dispatch({ channel, reset: true }),
    });
  }, [client, channel]);
  return state.channel === channel ? state.data : initial;
}
