// The exchange gateway's Socket.IO client code (shared/systems/exchange-gateway.md, "Usage Examples"), run with the
// official socket.io-client against Tidings by SocketIoIT. Only the URL changed: the server's origin, and the path
// of the deployment's context (a WAR at the root needs none). Each mode prints what it sees, one line each.
import { io } from "socket.io-client";
import WebSocket from "ws";

const [mode, base, symbol, token] = process.argv.slice(2);
const url = new URL(base);
const namespace = (name) => `${url.origin.replace(/^http/, "ws")}/${name}`;
// SIO_TRANSPORTS: unset, ["websocket"]; "default", the client's own (polling, then the upgrade); else a list
const transports = process.env.SIO_TRANSPORTS;
const options = { path: `${url.pathname}socket.io/` };
if (transports !== "default") options.transports = transports ? transports.split(",") : ["websocket"];
const log = (line) => console.log(line);
const done = (socket) => {
  socket.close();
  setImmediate(() => process.exit(0));
};

if (mode === "exchange") {
  // the snippet as written
  const socket = io(namespace("ws"), { ...options, auth: token ? { token } : undefined });
  socket.on("connected", (data) => log(`connected ${data.authenticated}`));
  socket.io.on("open", () => {
    log(`transport ${socket.io.engine.transport.name}`);
    socket.io.engine.on("upgrade", (transport) => log(`upgraded ${transport.name}`));
  });
  socket.emit("subscribe", { channel: "ticker", symbol });
  socket.on("subscribed", (data) => log(`subscribed ${data.channel} ${data.symbol}`));
  socket.on("ticker.update", (message) => {
    log(`ticker.update ${JSON.stringify(message.data)}`);
    if (!token) done(socket);
  });
  if (token) {
    socket.emit("subscribe.private", { channel: "user.orders" });
    socket.on("order.filled", (message) => {
      log(`order.filled ${JSON.stringify(message.data)}`);
      done(socket);
    });
  }
  socket.on("error", (error) => log(`error ${JSON.stringify(error)}`));
} else if (mode === "ack") {
  const socket = io(namespace("ws"), options);
  socket.emit("subscribe", { channel: "trades", symbol }, (answer) => {
    log(`ack subscribe ${answer.success} ${answer.channel} ${answer.symbol}`);
    socket.emit("subscribe", { channel: "nope" }, (refused) => {
      log(`ack refused ${refused.success} ${refused.code}`);
      socket.emit("ping", (pong) => {
        log(`ack ping ${pong.success} ${typeof pong.timestamp}`);
        done(socket);
      });
    });
  });
  socket.on("pong", (data) => log(`pong ${typeof data.timestamp}`));
} else if (mode === "badtoken") {
  const socket = io(namespace("ws"), { ...options, auth: { token: "not-a-token" } });
  socket.on("connect", () => log("connected anyway"));
  socket.on("connect_error", (error) => {
    log(`connect_error ${error.data && error.data.code}`);
    done(socket);
  });
} else if (mode === "badinput") {
  // a well-behaved client that must carry on while another sends garbage over a raw WebSocket
  const good = io(namespace("ws"), options);
  good.emit("subscribe", { channel: "trades", symbol });
  good.on("trade", (message) => {
    log(`good trade ${JSON.stringify(message.data)}`);
    done(good);
  });
  good.on("subscribed", () => abuse());
  const abuse = () => {
    const raw = new WebSocket(`${namespace("").replace(/\/$/, "")}${options.path}?EIO=4&transport=websocket`);
    const steps = [
      ["40/nope,", (m) => m.startsWith("44/nope,") && JSON.parse(m.slice(8)).message],
      ["40/ws,", (m) => m.startsWith("40/ws,") && "connected"],
      ["42/ws,{not json", (m) => m.startsWith("42/ws,") && JSON.parse(m.slice(6))[1].code],
      ['451-/ws,["x",{"_placeholder":true,"num":0}]', (m) => m.startsWith("42/ws,") && JSON.parse(m.slice(6))[1].message],
      ['42/ws,["subscribe",{"channel":"klines","symbol":"BTCUSDT","interval":"7m"}]', (m) => m.startsWith("42/ws,") && JSON.parse(m.slice(6))[1].code],
      ['42/ws,["subscribe.private",{"channel":"user.orders"}]', (m) => m.startsWith("42/ws,") && JSON.parse(m.slice(6))[1].code],
    ];
    let step = -1;
    const next = () => {
      step++;
      if (step < steps.length) raw.send(steps[step][0]);
      else raw.send(`42/ws,["subscribe",{"channel":"${"x".repeat(70000)}"}]`); // past maxPayload
    };
    raw.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith("0{")) {
        log(`open ${JSON.parse(text.slice(1)).maxPayload}`);
        next();
        return;
      }
      if (step < 0 || step >= steps.length) return;
      const seen = steps[step][1](text);
      if (seen) {
        log(`raw ${step} ${seen}`);
        next();
      }
    });
    raw.on("close", (code) => {
      log(`raw closed ${code}`);
      flood();
    });
  };
  // a burst past the frame budget (the tests run with 200 a second, burst 400): rate_limited, then the namespace ends
  const flood = () => {
    const raw = new WebSocket(`${namespace("").replace(/\/$/, "")}${options.path}?EIO=4&transport=websocket`);
    let limited = false;
    raw.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith("0{")) raw.send("40/ws,");
      else if (text.startsWith("40/ws,")) for (let i = 0; i < 1000; i++) raw.send('42/ws,["ping"]');
      else if (!limited && text.includes('"rate_limited"')) {
        limited = true;
        log("flood rate_limited");
      } else if (text === "41/ws,") {
        log("flood disconnected");
        raw.close();
      }
    });
  };
} else if (mode === "multiplex") {
  // two namespaces of one user over one Engine.IO connection, as the client multiplexes them by default
  const ws = io(namespace("ws"), { ...options, auth: { token } });
  const notifications = io(namespace("notifications"), { ...options, auth: { token } });
  log(`multiplexed ${ws.io === notifications.io}`);
  let received = 0;
  const receivedOne = () => {
    if (++received === 2) {
      notifications.close();
      done(ws);
    }
  };
  ws.emit("subscribe", { channel: "ticker", symbol });
  ws.on("subscribed", () => log("ws subscribed"));
  ws.on("ticker.update", (message) => {
    log(`ws ticker.update ${JSON.stringify(message.data)}`);
    receivedOne();
  });
  notifications.on("subscribed", (answer) => log(`notifications subscribed ${answer.channel}`));
  notifications.on("notification", (message) => {
    log(`notifications notification ${JSON.stringify(message)}`); // the messaging app's: the data alone
    receivedOne();
  });
}

if (mode === "recover") {
  // connection state recovery: the connection drops (SocketIoIT's proxy cuts it), the client reconnects on its own
  // and sends its pid and the offset of its last event; it subscribes once, so only a recovered session goes on
  const socket = io(namespace("ws"), options);
  const seen = [];
  socket.on("connect", () => log(`connect recovered ${socket.recovered}`));
  socket.on("disconnect", (reason) => log(`disconnect ${reason}`));
  let subscribed = 0;
  socket.on("subscribed", () => ++subscribed === 2 && log("subscribed both"));
  socket.emit("subscribe", { channel: "ticker", symbol });
  socket.emit("subscribe", { channel: "trades", symbol });
  const received = (message) => {
    seen.push(message.data.n);
    log(`received ${message.data.n}`);
    if (message.data.n === 5) {
      log(`all ${seen.sort((a, b) => a - b).join(",")}`);
      done(socket);
    }
  };
  socket.on("ticker.update", received);
  socket.on("trade", received);
}
