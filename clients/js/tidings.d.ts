// Typings of tidings.js, the client of the Tidings gateway (docs/protocol.md).

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed";

export declare const Status: {
  readonly CONNECTING: "connecting";
  readonly OPEN: "open";
  readonly RECONNECTING: "reconnecting";
  readonly CLOSED: "closed";
};

export interface TidingsOptions {
  /** The namespace's URL, e.g. wss://rt.example.com/ws or /messaging, /notifications, /video-calls, /admin. */
  url: string;
  /** A JWT; or give getToken, which is asked before each (re)connect and on token_expiring. */
  token?: string;
  getToken?: () => string | Promise<string>;
  /** How the token is presented: the Sec-WebSocket-Protocol pair (default) or an authenticate frame. */
  tokenVia?: "subprotocol" | "message";
  /**
   * Ask for the tidings.v1.batch subprotocol (default true): the server may then send a backlog of events as the
   * lines of one message, which the client splits. Older servers answer tidings.v1 and send one frame per message.
   */
  batch?: boolean;
  /** Reconnect backoff: full jitter over base * 2^attempt, capped (defaults 1000 and 30000 ms). */
  backoffBase?: number;
  backoffCap?: number;
  /** The random delay below which it reconnects after 1012 (restart) and 4011 (disconnected). Default 250 ms. */
  fastReconnectMs?: number;
  /** JSON ping period (default 20000 ms); after missedPongs periods without a frame it reconnects (default 3). */
  heartbeatMs?: number;
  missedPongs?: number;
  /** Frames kept while disconnected (default 100, the oldest dropped first). */
  queueSize?: number;
  /** How long request() waits for its answer (default 10000 ms). */
  requestTimeoutMs?: number;
  /** Channel prefixes where offsets may skip (conflated): no resync on a gap. */
  conflatable?: string[];
  /**
   * The WebSocket class; by default the runtime's own (browsers, Node 22+). Node 20 has none: pass one, e.g. the
   * `ws` package's (`import WebSocket from "ws"`).
   */
  WebSocket?: WebSocketClass;
}

/** What tidings.js needs of a WebSocket class: the browser's, Node 22's, or the `ws` package's. */
export type WebSocketClass = new (url: string, protocols?: string[]) => {
  send(data: string): void;
  close(code?: number): void;
};

/** The option if given, else the runtime's WebSocket; throws a TypeError naming the option when there is neither. */
export declare function webSocketClass(option?: WebSocketClass, runtime?: unknown): WebSocketClass;

/** An event frame as the server sent it. */
export interface EventFrame<D = Record<string, unknown>> {
  type: "event";
  channel: string;
  event: string;
  data: D;
  /** Absent on ephemeral events and on state sent after subscribed. */
  offset?: number;
  ts: number;
}

export interface ServerFrame {
  type: string;
  id?: string;
  [field: string]: unknown;
}

export type Unsubscribe = () => void;

export declare class TidingsError extends Error {
  /** The protocol's error code (forbidden, bad_request, ...), or timeout, disconnected, closed. */
  readonly code: string;
}

export declare function heartbeatTick(
  beat: { missed: number; lastTick: number },
  now: number,
  heard: boolean,
  periodMs: number,
  maxMissed: number,
): "ping" | "zombie";

export declare function backoffDelay(attempt: number, base?: number, cap?: number, random?: () => number): number;

export declare class OfflineQueue {
  constructor(max?: number);
  readonly dropped: number;
  readonly size: number;
  push(frame: object): void;
  drain(): object[];
}

export declare class ChannelPosition {
  offset: number | null;
  epoch: string | null;
  subscribed(frame: ServerFrame): boolean;
  classify(offset: number | undefined): "next" | "duplicate" | "gap" | "unnumbered";
  advance(offset: number): void;
  since(): { offset: number; epoch: string } | undefined;
}

export type Level = [price: string, quantity: string];

export declare class OrderBook {
  constructor(symbol: string);
  readonly symbol: string;
  lastUpdateId: number | null;
  apply(data: Record<string, unknown>): "snapshot" | "applied" | "stale" | "gap" | "waiting";
  levels(side: "bids" | "asks", depth?: number): Level[];
}

export declare class Tidings {
  constructor(options: TidingsOptions);
  readonly status: ConnectionStatus;
  /** The user of the connection (from connected or authenticated), null when anonymous. */
  readonly user: string | null;
  readonly session: string | null;
  readonly queue: OfflineQueue;
  connect(): this;
  close(): void;
  setToken(token: string): void;
  on(type: "status", listener: (status: ConnectionStatus) => void): Unsubscribe;
  on(type: "connected", listener: (frame: ServerFrame) => void): Unsubscribe;
  on(type: "frame", listener: (frame: ServerFrame) => void): Unsubscribe;
  on(type: "announcement", listener: (frame: EventFrame) => void): Unsubscribe;
  on(type: "auth_required", listener: (closeCode: number) => void): Unsubscribe;
  on(type: "error", listener: (error: unknown) => void): Unsubscribe;
  send(frame: object): void;
  request(frame: object, timeoutMs?: number): Promise<ServerFrame>;
  subscribe<D = Record<string, unknown>>(
    channel: string,
    handler: (data: D, frame: EventFrame<D>) => void,
    options?: { onReset?: (subscribed: ServerFrame) => void },
  ): Unsubscribe;
  resync(channel: string): void;
  subscribeToTicker(symbol: string, handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToTrades(symbol: string, handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToKlines(symbol: string, interval: string, handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToOrderBook(symbol: string, handler: (book: OrderBook) => void): Unsubscribe;
  subscribeToBalanceUpdates(address: string, handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToNfts(address: string, handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToTokenPrices(handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToUserOrders(handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToUserTrades(handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToUserBalances(handler: (data: Record<string, unknown>) => void): Unsubscribe;
  subscribeToUserDeposits(handler: (data: Record<string, unknown>) => void): Unsubscribe;
  userChannel(stream: string): string;
}

export declare function connect(options: TidingsOptions): Tidings;

export declare class Messaging {
  constructor(client: Tidings);
  conversation(
    conversationId: string,
    handler: (data: Record<string, unknown>, frame: EventFrame) => void,
    options?: { onReset?: (subscribed: ServerFrame) => void },
  ): Unsubscribe;
  send(conversationId: string, content: string, messageType?: string): Promise<ServerFrame>;
  typing(conversationId: string, typing?: boolean): Promise<ServerFrame>;
  markRead(conversationId: string, messageId: string): Promise<ServerFrame>;
}

export declare class Notifications {
  constructor(client: Tidings);
  readonly unreadCount: number;
  onUnreadCount(listener: (count: number) => void): Unsubscribe;
  onNotification(listener: (notification: Record<string, unknown>) => void): Unsubscribe;
  markRead(notificationId: string): Promise<ServerFrame>;
  markAllRead(): Promise<ServerFrame>;
}

export declare class Calls {
  constructor(client: Tidings);
  on(
    type: "incoming-call" | "answer" | "ice-candidate" | "reject" | "end" | "missed",
    listener: (data: Record<string, unknown>) => void,
  ): Unsubscribe;
  offer(callId: string, toUserId: string, offer: unknown): Promise<ServerFrame>;
  answer(callId: string, answer: unknown): Promise<ServerFrame>;
  ice(callId: string, candidate: unknown): Promise<ServerFrame>;
  reject(callId: string): Promise<ServerFrame>;
  end(callId: string): Promise<ServerFrame>;
}
