// tidings.js: the client of the Tidings gateway (docs/protocol.md). One ES module, no dependencies.
// It reconnects with backoff, resumes every subscription with `since` (no gap, no duplicate), heartbeats
// with JSON pings, queues frames while disconnected, and has helpers for each namespace and market feed.

export const Status = Object.freeze({
  CONNECTING: "connecting",
  OPEN: "open",
  RECONNECTING: "reconnecting",
  CLOSED: "closed",
});

const DEFAULTS = {
  backoffBase: 1000,
  backoffCap: 30000,
  fastReconnectMs: 250,
  heartbeatMs: 20000,
  missedPongs: 3,
  queueSize: 100,
  requestTimeoutMs: 10000,
  tokenVia: "subprotocol",
  batch: true,
  conflatable: ["ticker:", "token:price", "price:"],
};

/** Close codes after which only a new token helps. */
const NEEDS_TOKEN = new Set([4001, 4010]);
/** Close codes after which the server wants the client back at once (restart, disconnected by the backend). */
const COME_BACK_NOW = new Set([1012, 4011]);

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(attempt, base = DEFAULTS.backoffBase, cap = DEFAULTS.backoffCap, random = Math.random) {
  return Math.floor(random() * Math.min(cap, base * 2 ** attempt));
}

/**
 * One heartbeat tick: "ping", or "zombie" once `maxMissed` ticks in a row heard nothing since the one before. A
 * tick that comes late (over two periods after the last: a background tab whose timers the browser throttles, a
 * laptop waking up) does not count as a miss on its own: it pings and starts counting again.
 */
export function heartbeatTick(beat, now, heard, periodMs, maxMissed) {
  const late = now - beat.lastTick > 2 * periodMs;
  beat.lastTick = now;
  if (heard || late) {
    beat.missed = 0;
    return "ping";
  }
  beat.missed++;
  return beat.missed >= maxMissed ? "zombie" : "ping";
}

/** Frames sent while disconnected: at most `max`, the oldest dropped (and counted) first. */
export class OfflineQueue {
  constructor(max = DEFAULTS.queueSize) {
    this.max = max;
    this.frames = [];
    this.dropped = 0;
  }

  push(frame) {
    if (this.frames.length >= this.max) {
      this.frames.shift();
      this.dropped++;
    }
    this.frames.push(frame);
  }

  drain() {
    const frames = this.frames;
    this.frames = [];
    return frames;
  }

  get size() {
    return this.frames.length;
  }
}

/**
 * Where a subscriber is in one channel. `subscribed` sets it (unless the subscription recovered, when the
 * missed events follow); each event then either continues it, repeats what was seen, or skips ahead.
 */
export class ChannelPosition {
  constructor() {
    this.offset = null;
    this.epoch = null;
  }

  /** @returns {boolean} whether what the client held was lost (it must reload): recovered false after a since */
  subscribed(frame) {
    const reset = frame.recovered === false || (this.epoch !== null && frame.epoch !== this.epoch && frame.recovered !== true);
    if (frame.recovered !== true) {
      this.offset = frame.offset;
    }
    this.epoch = frame.epoch;
    return reset;
  }

  /** @returns {"next"|"duplicate"|"gap"|"unnumbered"} */
  classify(offset) {
    if (offset === undefined || offset === null) {
      return "unnumbered";
    }
    if (this.offset !== null && offset <= this.offset) {
      return "duplicate";
    }
    const gap = this.offset !== null && offset > this.offset + 1;
    return gap ? "gap" : "next";
  }

  advance(offset) {
    this.offset = offset;
  }

  /** The `since` to resume with, or undefined before anything was seen. */
  since() {
    return this.offset === null || this.epoch === null ? undefined : { offset: this.offset, epoch: this.epoch };
  }
}

/**
 * An order book kept from `orderbook.update` events: a snapshot replaces it, a delta applies when it follows
 * the book (`firstUpdateId` at most one past the book's `lastUpdateId`); a delta already in the book is stale,
 * one past a hole is a gap (resubscribe: the snapshot comes first again).
 */
export class OrderBook {
  constructor(symbol) {
    this.symbol = symbol;
    this.bids = new Map();
    this.asks = new Map();
    this.lastUpdateId = null;
  }

  /** @returns {"snapshot"|"applied"|"stale"|"gap"|"waiting"} */
  apply(data) {
    if (data.type === "snapshot") {
      this.bids = levelMap(data.bids);
      this.asks = levelMap(data.asks);
      this.lastUpdateId = data.lastUpdateId;
      return "snapshot";
    }
    if (this.lastUpdateId === null) {
      return "waiting";
    }
    if (data.lastUpdateId <= this.lastUpdateId) {
      return "stale";
    }
    if (data.firstUpdateId > this.lastUpdateId + 1) {
      return "gap";
    }
    applyLevels(this.bids, data.bids);
    applyLevels(this.asks, data.asks);
    this.lastUpdateId = data.lastUpdateId;
    return "applied";
  }

  /** Best first: bids high to low, asks low to high, as [price, quantity] strings. */
  levels(side, depth = Infinity) {
    const map = side === "bids" ? this.bids : this.asks;
    const sorted = [...map.entries()].sort((a, b) => (side === "bids" ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
    return sorted.slice(0, depth);
  }
}

function levelMap(levels) {
  const map = new Map();
  applyLevels(map, levels);
  return map;
}

function applyLevels(map, levels) {
  for (const [price, quantity] of levels || []) {
    if (Number(quantity) === 0) {
      map.delete(price);
    } else {
      map.set(price, quantity);
    }
  }
}

/** A server's `error` answer to a request. */
export class TidingsError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * One connection to one namespace of a Tidings gateway, kept open: `connect()` once, then subscribe, send and
 * request whatever the status; frames sent while it is not open are queued and sent once it is.
 */
export class Tidings {
  constructor(options) {
    if (!options || !options.url) {
      throw new Error("options.url is required, e.g. wss://rt.example.com/ws");
    }
    this.options = { ...DEFAULTS, ...options };
    this.WebSocketImpl = null;
    this.status = Status.CLOSED;
    this.user = null;
    this.session = null;
    this.attempt = 0;
    this.ws = null;
    this.queue = new OfflineQueue(this.options.queueSize);
    this.subscriptions = new Map();
    this.pending = new Map();
    this.listeners = new Map();
    this.nextId = 1;
    this.opening = 0;
    this.needsToken = false;
    this.stopped = true;
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
  }

  /** Listens to `status`, `connected`, `frame`, `announcement`, `auth_required`, `error`; returns the remover. */
  on(type, listener) {
    if (!this.listeners.has(type)) {
      this.listeners.set(type, new Set());
    }
    this.listeners.get(type).add(listener);
    return () => this.listeners.get(type)?.delete(listener);
  }

  emit(type, value) {
    for (const listener of this.listeners.get(type) || []) {
      try {
        listener(value);
      } catch (e) {
        console.error("tidings: a listener failed", e);
      }
    }
  }

  connect() {
    // here, not in the constructor: a page rendered on a server makes its client there without connecting
    this.WebSocketImpl ??= webSocketClass(this.options.WebSocket);
    this.stopped = false;
    this.needsToken = false;
    if (!this.ws && !this.reconnectTimer) {
      this.open();
    }
    return this;
  }

  /** Closes for good (code 1000); `connect()` opens it again. */
  close() {
    this.stopped = true;
    this.attempt = 0;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.stopHeartbeat();
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close(1000);
    }
    this.failPending("closed");
    this.setStatus(Status.CLOSED);
  }

  /** A new token: used from now on; after a 4001/4010 close it also reconnects. */
  setToken(token) {
    this.options.token = token;
    if (this.needsToken && !this.stopped) {
      this.needsToken = false;
      this.attempt = 0;
      this.open();
    }
  }

  /** Sends a frame now, or once connected (queued, bounded: the oldest are dropped and counted). */
  send(frame) {
    if (this.status === Status.OPEN && this.ws) {
      this.ws.send(JSON.stringify(frame));
    } else {
      this.queue.push(frame);
    }
  }

  /** Sends a frame with an `id` and resolves with the server's answer to it (`ack`, ...); rejects on `error`. */
  request(frame, timeoutMs = this.options.requestTimeoutMs) {
    const id = frame.id || `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TidingsError("timeout", `no answer to ${frame.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ ...frame, id });
    });
  }

  /**
   * Calls `handler(data, event)` for each event of the channel, in order, resumed without gap after a
   * reconnect; `onReset()` when what was missed could not be recovered (reload your state). Returns the
   * unsubscribe function.
   */
  subscribe(channel, handler, { onReset } = {}) {
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      subscription = {
        handlers: new Set(),
        resets: new Set(),
        position: new ChannelPosition(),
        conflatable: this.options.conflatable.some((prefix) => channel.startsWith(prefix)),
      };
      this.subscriptions.set(channel, subscription);
      if (this.status === Status.OPEN) {
        this.sendSubscribe(channel, subscription);
      }
    }
    subscription.handlers.add(handler);
    if (onReset) {
      subscription.resets.add(onReset);
    }
    return () => {
      subscription.handlers.delete(handler);
      if (onReset) {
        subscription.resets.delete(onReset);
      }
      if (subscription.handlers.size === 0 && this.subscriptions.get(channel) === subscription) {
        this.subscriptions.delete(channel);
        if (this.status === Status.OPEN) {
          this.send({ type: "unsubscribe", channel });
        }
      }
    };
  }

  // --- market and account helpers, named as the clients they replace named them ---

  subscribeToTicker(symbol, handler) {
    return this.subscribe(`ticker:${symbol}`, handler);
  }

  subscribeToTrades(symbol, handler) {
    return this.subscribe(`trades:${symbol}`, handler);
  }

  subscribeToKlines(symbol, interval, handler) {
    return this.subscribe(`klines:${symbol}:${interval}`, handler);
  }

  /** Calls `handler(book)` with an {@link OrderBook} kept over snapshot and deltas; resyncs itself on a gap. */
  subscribeToOrderBook(symbol, handler) {
    const channel = `orderbook:${symbol}`;
    const book = new OrderBook(symbol);
    const unsubscribe = this.subscribe(
      channel,
      (data) => {
        const outcome = book.apply(data);
        if (outcome === "gap") {
          book.lastUpdateId = null;
          this.resync(channel);
        } else if (outcome === "snapshot" || outcome === "applied") {
          handler(book);
        }
      },
      { onReset: () => (book.lastUpdateId = null) },
    );
    return unsubscribe;
  }

  subscribeToBalanceUpdates(address, handler) {
    return this.subscribe(`balance:${address}`, handler);
  }

  subscribeToNfts(address, handler) {
    return this.subscribe(`nft:${address}`, handler);
  }

  subscribeToTokenPrices(handler) {
    return this.subscribe("token:price", handler);
  }

  subscribeToUserOrders(handler) {
    return this.subscribe(this.userChannel("orders"), handler);
  }

  subscribeToUserTrades(handler) {
    return this.subscribe(this.userChannel("trades"), handler);
  }

  subscribeToUserBalances(handler) {
    return this.subscribe(this.userChannel("balances"), handler);
  }

  subscribeToUserDeposits(handler) {
    return this.subscribe(this.userChannel("deposits"), handler);
  }

  userChannel(stream) {
    if (!this.user) {
      throw new Error("not connected as a user yet: wait for the connected event");
    }
    return `user:${this.user}:${stream}`;
  }

  // --- the connection ---

  async open() {
    const opening = ++this.opening;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.setStatus(this.attempt === 0 && this.status !== Status.RECONNECTING ? Status.CONNECTING : Status.RECONNECTING);
    // closed while the token came, or closed and connected again (React StrictMode's mount, cleanup, mount): then
    // nothing more to do here, or a later open() makes the socket
    const superseded = () => this.stopped || opening !== this.opening;
    let token;
    try {
      token = this.options.getToken ? await this.options.getToken() : this.options.token;
    } catch (e) {
      if (!superseded()) {
        this.emit("error", e);
        this.scheduleReconnect(0);
      }
      return;
    }
    if (superseded()) {
      return;
    }
    this.token = token;
    // tidings.v1.batch first: a backlog of events may then come as the lines of one message (older servers answer
    // tidings.v1, which they know)
    const protocols = this.options.batch ? ["tidings.v1.batch", "tidings.v1"] : [];
    if (token && this.options.tokenVia === "subprotocol") {
      if (!protocols.length) {
        protocols.push("tidings.v1");
      }
      protocols.push(`bearer.${token}`);
    }
    const ws = protocols.length
      ? new this.WebSocketImpl(this.options.url, protocols)
      : new this.WebSocketImpl(this.options.url);
    this.ws = ws;
    ws.onopen = () => {
      if (token && this.options.tokenVia === "message") {
        ws.send(JSON.stringify({ type: "authenticate", id: `auth${this.nextId++}`, token }));
      }
    };
    ws.onmessage = (message) => {
      if (this.ws !== ws) {
        return;
      }
      if (ws.protocol === "tidings.v1.batch" && message.data.includes("\n")) {
        for (const line of message.data.split("\n")) {
          this.receive(line);
        }
      } else {
        this.receive(message.data);
      }
    };
    ws.onclose = (close) => {
      if (this.ws === ws) {
        this.closed(close.code, close.reason);
      }
    };
    ws.onerror = () => {}; // a close always follows
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      return;
    }
    this.heard = true;
    switch (frame.type) {
      case "connected":
        this.session = frame.session;
        this.user = frame.user;
        this.attempt = 0;
        if (!(this.token && this.options.tokenVia === "message")) {
          this.opened(frame);
        }
        break;
      case "authenticated":
        this.user = frame.user;
        if (this.status !== Status.OPEN) {
          this.opened(frame);
        }
        break;
      case "token_expiring":
        this.refreshToken();
        break;
      case "subscribed":
        this.onSubscribed(frame);
        break;
      case "event":
        this.onEvent(frame);
        break;
      default:
        break;
    }
    if (frame.id && this.pending.has(frame.id)) {
      const { resolve, reject, timer } = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      clearTimeout(timer);
      if (frame.type === "error") {
        reject(new TidingsError(frame.code, frame.message));
      } else {
        resolve(frame);
      }
    }
    this.emit("frame", frame);
  }

  opened(frame) {
    this.setStatus(Status.OPEN);
    this.startHeartbeat();
    for (const [channel, subscription] of this.subscriptions) {
      this.sendSubscribe(channel, subscription);
    }
    for (const queued of this.queue.drain()) {
      this.ws.send(JSON.stringify(queued));
    }
    this.emit("connected", frame);
  }

  sendSubscribe(channel, subscription) {
    const since = subscription.position.since();
    this.ws.send(JSON.stringify(since ? { type: "subscribe", channel, since } : { type: "subscribe", channel }));
  }

  /** Subscribes again with `since`: the server sends what was missed after the last event seen. */
  resync(channel) {
    const subscription = this.subscriptions.get(channel);
    if (subscription && this.status === Status.OPEN) {
      this.sendSubscribe(channel, subscription);
    }
  }

  onSubscribed(frame) {
    const subscription = this.subscriptions.get(frame.channel);
    if (!subscription) {
      return;
    }
    if (subscription.position.subscribed(frame)) {
      for (const reset of subscription.resets) {
        reset(frame);
      }
    }
  }

  onEvent(frame) {
    if (frame.channel === "announcement") {
      this.emit("announcement", frame);
      return;
    }
    const subscription = this.subscriptions.get(frame.channel);
    if (!subscription) {
      return;
    }
    const kind = subscription.position.classify(frame.offset);
    if (kind === "duplicate") {
      return;
    }
    if (kind === "gap" && !subscription.conflatable) {
      this.resync(frame.channel); // the missed events come again, this one with them
      return;
    }
    if (kind !== "unnumbered") {
      subscription.position.advance(frame.offset);
    }
    for (const handler of subscription.handlers) {
      handler(frame.data, frame);
    }
  }

  async refreshToken() {
    if (!this.options.getToken) {
      return;
    }
    try {
      const token = await this.options.getToken();
      this.options.token = token;
      this.token = token;
      await this.request({ type: "authenticate", token });
    } catch (e) {
      this.emit("error", e);
    }
  }

  closed(code) {
    this.ws = null;
    this.stopHeartbeat();
    this.failPending("disconnected");
    if (this.stopped) {
      this.setStatus(Status.CLOSED);
      return;
    }
    if (NEEDS_TOKEN.has(code) && !this.options.getToken) {
      this.needsToken = true;
      this.setStatus(Status.CLOSED);
      this.emit("auth_required", code);
      return;
    }
    this.scheduleReconnect(code);
  }

  scheduleReconnect(code) {
    const delay = COME_BACK_NOW.has(code)
      ? Math.floor(Math.random() * this.options.fastReconnectMs)
      : backoffDelay(this.attempt, this.options.backoffBase, this.options.backoffCap);
    this.attempt++;
    this.setStatus(Status.RECONNECTING);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delay);
  }

  failPending(why) {
    for (const [id, { reject, timer }] of this.pending) {
      clearTimeout(timer);
      reject(new TidingsError(why, `the connection ${why} before an answer`));
      this.pending.delete(id);
    }
  }

  /**
   * A JSON ping every `heartbeatMs`; after `missedPongs` periods without hearing anything the connection is a
   * zombie: closed and reconnected (see {@link heartbeatTick}).
   */
  startHeartbeat() {
    this.stopHeartbeat();
    this.heard = true;
    const beat = { missed: 0, lastTick: Date.now() };
    this.heartbeatTimer = setInterval(() => {
      const heard = this.heard;
      this.heard = false;
      if (heartbeatTick(beat, Date.now(), heard, this.options.heartbeatMs, this.options.missedPongs) === "zombie") {
        const ws = this.ws;
        this.closed(4000);
        ws?.close();
      } else {
        this.ws?.send(JSON.stringify({ type: "ping" }));
      }
    }, this.options.heartbeatMs);
  }

  stopHeartbeat() {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  setStatus(status) {
    if (this.status !== status) {
      this.status = status;
      this.emit("status", status);
    }
  }
}

/**
 * The WebSocket class to use: the option, or the runtime's own (browsers, Deno, Bun, Node 22+). Older Node has none:
 * say which option fixes it rather than fail later with "not a constructor".
 */
export function webSocketClass(option, runtime = globalThis.WebSocket) {
  const WebSocket = option || runtime;
  if (typeof WebSocket !== "function") {
    const why = option ? "the WebSocket option is not a class" : "this runtime has no global WebSocket (Node before 22)";
    throw new TypeError(
      `tidings.js: ${why}: pass a WebSocket class as the WebSocket option, e.g. connect({ url, WebSocket }) ` +
        'with `import WebSocket from "ws"`',
    );
  }
  return WebSocket;
}

/** Connects to a namespace: `connect({url, token})` or `connect({url, getToken: async () => token})`. */
export function connect(options) {
  return new Tidings(options).connect();
}

/** `/messaging`: send to conversations, typing indicators, read receipts. */
export class Messaging {
  constructor(client) {
    this.client = client;
  }

  conversation(conversationId, handler, options) {
    return this.client.subscribe(`conversation:${conversationId}`, handler, options);
  }

  send(conversationId, content, messageType = "text") {
    return this.client.request({ type: "message:send", conversationId, content, messageType });
  }

  typing(conversationId, typing = true) {
    return this.client.request({ type: "typing", conversationId, typing });
  }

  markRead(conversationId, messageId) {
    return this.client.request({ type: "read", conversationId, messageId });
  }
}

/** `/notifications`: the unread count every tab agrees on, notifications as they come, marking them read. */
export class Notifications {
  constructor(client) {
    this.client = client;
    this.unreadCount = 0;
    this.listeners = new Set();
    this.notificationListeners = new Set();
    client.on("frame", (frame) => {
      if (frame.type !== "event" || !/^user:[^:]+:notifications$/.test(frame.channel)) {
        return;
      }
      if (frame.event === "unread_count") {
        this.unreadCount = frame.data.count;
        this.listeners.forEach((listener) => listener(this.unreadCount));
      } else if (frame.event === "notification") {
        this.notificationListeners.forEach((listener) => listener(frame.data));
      }
    });
  }

  onUnreadCount(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onNotification(listener) {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  markRead(notificationId) {
    return this.client.request({ type: "notification:read", notificationId });
  }

  markAllRead() {
    return this.client.request({ type: "notification:read-all" });
  }
}

/** `/video-calls`: WebRTC signaling. Events: incoming-call, answer, ice-candidate, reject, end, missed. */
export class Calls {
  constructor(client) {
    this.client = client;
    this.listeners = new Map();
    client.on("frame", (frame) => {
      if (frame.type === "event" && typeof frame.event === "string" && frame.event.startsWith("video:")) {
        for (const listener of this.listeners.get(frame.event.slice(6)) || []) {
          listener(frame.data);
        }
      }
    });
  }

  on(type, listener) {
    if (!this.listeners.has(type)) {
      this.listeners.set(type, new Set());
    }
    this.listeners.get(type).add(listener);
    return () => this.listeners.get(type).delete(listener);
  }

  offer(callId, toUserId, offer) {
    return this.client.request({ type: "video:offer", callId, toUserId, offer });
  }

  answer(callId, answer) {
    return this.client.request({ type: "video:answer", callId, answer });
  }

  ice(callId, candidate) {
    return this.client.request({ type: "video:ice-candidate", callId, candidate });
  }

  reject(callId) {
    return this.client.request({ type: "video:reject", callId });
  }

  end(callId) {
    return this.client.request({ type: "video:end", callId });
  }
}
