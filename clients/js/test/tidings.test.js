// Unit tests of tidings.js's logic, with Node's test runner and a scripted stand-in for the socket.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  backoffDelay,
  ChannelPosition,
  connect,
  heartbeatTick,
  OfflineQueue,
  OrderBook,
  Status,
  Tidings,
  webSocketClass,
} from "../tidings.js";

test("backoff doubles from the base up to the cap, with full jitter", () => {
  assert.equal(backoffDelay(0, 1000, 30000, () => 0.999), 999);
  assert.equal(backoffDelay(3, 1000, 30000, () => 0.5), 4000);
  assert.equal(backoffDelay(20, 1000, 30000, () => 0.5), 15000, "capped");
  assert.equal(backoffDelay(5, 1000, 30000, () => 0), 0, "full jitter reaches zero");
});

test("three silent heartbeats make a zombie; a late tick of a throttled background tab does not", () => {
  const beat = { missed: 0, lastTick: 0 };
  assert.equal(heartbeatTick(beat, 1000, false, 1000, 3), "ping");
  assert.equal(heartbeatTick(beat, 2000, false, 1000, 3), "ping");
  assert.equal(heartbeatTick(beat, 3000, false, 1000, 3), "zombie");

  const background = { missed: 0, lastTick: 0 };
  assert.equal(heartbeatTick(background, 1000, false, 1000, 3), "ping");
  assert.equal(heartbeatTick(background, 2000, false, 1000, 3), "ping");
  assert.equal(heartbeatTick(background, 62000, false, 1000, 3), "ping", "a minute late: not counted");
  assert.equal(heartbeatTick(background, 63000, false, 1000, 3), "ping");
  assert.equal(heartbeatTick(background, 64000, true, 1000, 3), "ping", "a pong in between resets it");
  assert.equal(background.missed, 0);
});

test("the offline queue keeps the newest frames and counts the dropped", () => {
  const queue = new OfflineQueue(2);
  queue.push({ n: 1 });
  queue.push({ n: 2 });
  queue.push({ n: 3 });
  assert.equal(queue.dropped, 1);
  assert.deepEqual(queue.drain(), [{ n: 2 }, { n: 3 }]);
  assert.equal(queue.size, 0);
});

test("a channel position tells next, duplicate and gap apart", () => {
  const position = new ChannelPosition();
  assert.equal(position.subscribed({ offset: 5, epoch: "e" }), false);
  assert.equal(position.classify(6), "next");
  position.advance(6);
  assert.equal(position.classify(6), "duplicate");
  assert.equal(position.classify(8), "gap");
  assert.equal(position.classify(undefined), "unnumbered", "ephemeral events are outside the order");
  assert.deepEqual(position.since(), { offset: 6, epoch: "e" });
});

test("a recovered subscription keeps its position; an unrecovered one is a reset", () => {
  const position = new ChannelPosition();
  position.subscribed({ offset: 3, epoch: "e" });
  position.advance(4);
  assert.equal(position.subscribed({ offset: 9, epoch: "e", recovered: true }), false);
  assert.equal(position.classify(5), "next", "the missed events follow from 5");
  assert.equal(position.subscribed({ offset: 9, epoch: "f", recovered: false }), true);
  assert.equal(position.classify(10), "next");
});

test("the order book applies deltas over the snapshot and spots stale ones and gaps", () => {
  const book = new OrderBook("BTCUSDT");
  assert.equal(book.apply({ type: "delta", firstUpdateId: 1, lastUpdateId: 1, bids: [], asks: [] }), "waiting");
  book.apply({ type: "snapshot", lastUpdateId: 10, bids: [["100.0", "1"], ["99.5", "2"]], asks: [["101.0", "1"]] });
  assert.equal(book.apply({ type: "delta", firstUpdateId: 8, lastUpdateId: 10, bids: [], asks: [] }), "stale");
  assert.equal(
    book.apply({ type: "delta", firstUpdateId: 11, lastUpdateId: 12, bids: [["100.0", "0"], ["99.9", "3"]], asks: [] }),
    "applied",
  );
  assert.deepEqual(book.levels("bids"), [["99.9", "3"], ["99.5", "2"]], "a zero quantity removes the level");
  assert.equal(book.apply({ type: "delta", firstUpdateId: 20, lastUpdateId: 21, bids: [], asks: [] }), "gap");
});

/** A stand-in for the browser's WebSocket: records what is sent; the test plays the server. */
class FakeSocket {
  static all = [];

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.sent = [];
    FakeSocket.all.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close(code = 1000) {
    this.closedWith = code;
  }

  server(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }

  drop(code) {
    this.onclose({ code, reason: "" });
  }

  static last() {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }
}

async function until(condition, what, ms = 1000) {
  for (let i = 0; i < ms / 5; i++) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

function client(options = {}) {
  return new Tidings({ url: "ws://test/ws", WebSocket: FakeSocket, backoffBase: 1, backoffCap: 2, heartbeatMs: 60000, ...options });
}

test("a reconnect resumes each subscription with since, and a gap resubscribes from the last event seen", async () => {
  const tidings = client({ token: "jwt" }).connect();
  await until(() => FakeSocket.last()?.onmessage, "a socket");
  let socket = FakeSocket.last();
  assert.deepEqual(socket.protocols, ["tidings.v1.batch", "tidings.v1", "bearer.jwt"], "the token rides in the subprotocol");
  const seen = [];
  tidings.subscribe("trades:X", (data, frame) => seen.push(frame.offset));
  socket.server({ type: "connected", session: "s1", user: "u1" });
  assert.equal(tidings.status, Status.OPEN);
  assert.deepEqual(socket.sent.at(-1), { type: "subscribe", channel: "trades:X" });
  socket.server({ type: "subscribed", channel: "trades:X", offset: 4, epoch: "e" });
  socket.server({ type: "event", channel: "trades:X", event: "trade", data: {}, offset: 5 });

  socket.drop(1006);
  assert.equal(tidings.status, Status.RECONNECTING);
  await until(() => FakeSocket.last() !== socket, "a new socket");
  socket = FakeSocket.last();
  socket.server({ type: "connected", session: "s2", user: "u1" });
  assert.deepEqual(socket.sent.at(-1), { type: "subscribe", channel: "trades:X", since: { offset: 5, epoch: "e" } });
  socket.server({ type: "subscribed", channel: "trades:X", offset: 9, epoch: "e", recovered: true });
  socket.server({ type: "event", channel: "trades:X", event: "trade", data: {}, offset: 6 });
  socket.server({ type: "event", channel: "trades:X", event: "trade", data: {}, offset: 8 }); // 7 lost
  assert.deepEqual(socket.sent.at(-1), { type: "subscribe", channel: "trades:X", since: { offset: 6, epoch: "e" } });
  assert.deepEqual(seen, [5, 6], "the event after the gap waits for the recovery");
  tidings.close();
});

test("with tidings.v1.batch a message's lines are frames of their own; without it one message is one frame", async () => {
  const tidings = client().connect();
  await until(() => FakeSocket.last()?.onmessage, "a socket");
  const socket = FakeSocket.last();
  assert.deepEqual(socket.protocols, ["tidings.v1.batch", "tidings.v1"], "asked for without a token too");
  socket.protocol = "tidings.v1.batch";
  const seen = [];
  tidings.subscribe("trades:B", (data, frame) => seen.push(frame.offset));
  socket.server({ type: "connected", session: "s", user: null });
  socket.server({ type: "subscribed", channel: "trades:B", offset: 0, epoch: "e" });
  const event = (offset) => JSON.stringify({ type: "event", channel: "trades:B", event: "t", data: { s: "a\nb" }, offset });
  socket.onmessage({ data: [event(1), event(2), event(3)].join("\n") });
  assert.deepEqual(seen, [1, 2, 3]);
  tidings.close();

  const plain = client({ token: "jwt", batch: false }).connect();
  await until(() => FakeSocket.last() !== socket && FakeSocket.last()?.onmessage, "a second socket");
  assert.deepEqual(FakeSocket.last().protocols, ["tidings.v1", "bearer.jwt"]);
  plain.close();
});

test("requests resolve with their answer, frames queued offline are sent on connect", async () => {
  const tidings = client().connect();
  await until(() => FakeSocket.last()?.onmessage, "a socket");
  const socket = FakeSocket.last();
  tidings.send({ type: "ping", id: "early" });
  const answered = tidings.request({ type: "typing", conversationId: "c", typing: true });
  socket.server({ type: "connected", session: "s", user: null });
  const sent = socket.sent.map((f) => f.id);
  assert.ok(sent.includes("early") && sent.length === 2, JSON.stringify(socket.sent));
  socket.server({ type: "ack", id: socket.sent[1].id });
  assert.equal((await answered).type, "ack");
  const refused = tidings.request({ type: "message:send", conversationId: "c", content: "x" });
  socket.server({ type: "error", id: socket.sent.at(-1).id, code: "forbidden", message: "not a member" });
  await assert.rejects(refused, (e) => e.code === "forbidden");
  tidings.close();
});

test("after 4001 it waits for a new token; after 4011 it comes back at once", async () => {
  const tidings = client({ token: "old" }).connect();
  await until(() => FakeSocket.last()?.onmessage, "a socket");
  let socket = FakeSocket.last();
  const asked = [];
  tidings.on("auth_required", (code) => asked.push(code));
  socket.drop(4001);
  assert.equal(tidings.status, Status.CLOSED);
  assert.deepEqual(asked, [4001]);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(FakeSocket.last(), socket, "no reconnect with the refused token");
  tidings.setToken("new");
  await until(() => FakeSocket.last() !== socket, "a reconnect with the new token");
  socket = FakeSocket.last();
  assert.deepEqual(socket.protocols, ["tidings.v1.batch", "tidings.v1", "bearer.new"]);
  socket.server({ type: "connected", session: "s", user: "u" });
  socket.drop(4011);
  await until(() => FakeSocket.last() !== socket, "back at once after 4011");
  tidings.close();
});

test("token_expiring fetches a fresh token and authenticates on the open connection", async () => {
  let n = 0;
  const tidings = client({ getToken: async () => `t${++n}` }).connect();
  await until(() => FakeSocket.last()?.onmessage, "a socket");
  const socket = FakeSocket.last();
  socket.server({ type: "connected", session: "s", user: "u" });
  socket.server({ type: "token_expiring", expires: Date.now() + 1000 });
  await until(() => socket.sent.some((f) => f.type === "authenticate"), "an authenticate");
  const auth = socket.sent.find((f) => f.type === "authenticate");
  assert.equal(auth.token, "t2");
  socket.server({ type: "authenticated", id: auth.id, user: "u" });
  assert.equal(FakeSocket.last(), socket, "no reconnect for a refresh");
  tidings.close();
});

test("a connection that hears nothing for three heartbeats is a zombie and is replaced", async () => {
  const tidings = client({ heartbeatMs: 100 }).connect(); // long enough that a loaded machine's ticks are not "late"
  await until(() => FakeSocket.last()?.onmessage, "a socket");
  const socket = FakeSocket.last();
  socket.server({ type: "connected", session: "s", user: null });
  await until(() => socket.sent.filter((f) => f.type === "ping").length >= 1, "pings");
  await until(() => FakeSocket.last() !== socket, "a new connection after the missed pongs", 5000);
  assert.ok(socket.closedWith !== undefined, "the zombie was closed");
  tidings.close();
});

test("the WebSocket option wins over the runtime's, which is used when there is no option", () => {
  class Given {}
  class Runtime {}
  assert.equal(webSocketClass(Given, Runtime), Given);
  assert.equal(webSocketClass(undefined, Runtime), Runtime);
});

test("without a WebSocket anywhere, connect fails at once naming the WebSocket option", () => {
  const global = Object.getOwnPropertyDescriptor(globalThis, "WebSocket"); // Node 22 has one, Node 20 not
  delete globalThis.WebSocket;
  try {
    assert.throws(() => connect({ url: "ws://test/ws" }), (e) => e instanceof TypeError && /WebSocket option/.test(e.message));
    new Tidings({ url: "ws://test/ws" }); // made without connecting, as server-side rendering does: no error yet
    assert.throws(() => connect({ url: "ws://test/ws", WebSocket: {} }), /the WebSocket option is not a class/);
    globalThis.WebSocket = FakeSocket;
    const before = FakeSocket.all.length;
    const tidings = connect({ url: "ws://test/ws" });
    assert.equal(FakeSocket.all.length, before + 1, "the global one is used");
    tidings.close();
  } finally {
    delete globalThis.WebSocket;
    if (global) {
      Object.defineProperty(globalThis, "WebSocket", global);
    }
  }
});

test("closed and connected again at once (React StrictMode's mount, cleanup, mount), it opens and subscribes", () => {
  const before = FakeSocket.all.length;
  const tidings = client({ token: "jwt" });
  const unsubscribe = tidings.subscribe("trades:X", () => {});
  tidings.connect();
  unsubscribe();
  tidings.close();
  tidings.subscribe("trades:X", () => {});
  tidings.connect();
  assert.equal(FakeSocket.all.length, before + 2);
  assert.equal(FakeSocket.all[before].closedWith, 1000, "the first socket is closed");
  const socket = FakeSocket.last();
  socket.server({ type: "connected", session: "s", user: "u" });
  assert.equal(tidings.status, Status.OPEN);
  assert.deepEqual(socket.sent, [{ type: "subscribe", channel: "trades:X" }]);
  tidings.close();
});

test("closed and connected again while the token is on its way, it opens one socket only", async () => {
  const before = FakeSocket.all.length;
  const tokens = [];
  const tidings = client({ getToken: () => new Promise((resolve) => tokens.push(resolve)) }).connect();
  tidings.close();
  tidings.connect();
  tokens.forEach((resolve, i) => resolve(`t${i}`));
  await new Promise((resolve) => setImmediate(resolve)); // after both opens went on with their token
  assert.equal(FakeSocket.all.length, before + 1, "the first connect's token came too late to open a socket");
  assert.deepEqual(FakeSocket.last().protocols, ["tidings.v1.batch", "tidings.v1", "bearer.t1"]);
  FakeSocket.last().server({ type: "connected", session: "s", user: "u" });
  assert.equal(tidings.status, Status.OPEN);
  tidings.close();
});
