// Typings of tidings-client/react (react.js).
import type { ReactElement, ReactNode } from "react";
import type { ConnectionStatus, EventFrame, Tidings, TidingsOptions } from "./tidings.js";

export type TidingsProviderProps = (TidingsOptions | { client: Tidings }) & { children?: ReactNode };

/** Connects while mounted (StrictMode included) and closes on unmount; a new `url` makes a new client. */
export declare function TidingsProvider(props: TidingsProviderProps): ReactElement;

/** The provider's client and its status, re-rendered as the status changes. */
export declare function useTidings(): { client: Tidings; status: ConnectionStatus };

/** The latest event's data on the channel (null before the first); a falsy channel subscribes to nothing. */
export declare function useChannel<D = Record<string, unknown>>(channel: string | null | undefined): D | null;
/** What `reduce` makes of the channel's events, from `initial`. */
export declare function useChannel<S, D = Record<string, unknown>>(
  channel: string | null | undefined,
  reduce: (state: S, data: D, frame: EventFrame<D>) => S,
  initial: S,
): S;
