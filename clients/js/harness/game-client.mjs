// The trading game's client code (shared/systems/trading-game.md, sections 3 to 6), run with the `ws` package (the
// browser's WebSocket API in Node) against Tidings by TradingGameDialectIT. Only the base URL changed: the server's
// origin and the deployment's context path; the endpoint is the game's own. Each mode prints what it sees, one line
// each.
import WebSocket from "ws";

const [mode, base, symbolList, token, expected] = process.argv.slice(2);
const baseWsUrl = base.replace(/^http/, "ws").replace(/\/$/, "");
const config = { endpoint: "/api/v69/ws/token-data" };
const user = { session_token: token };
const tokensToSubscribe = symbolList ? symbolList.split(",") : "all";
const log = (line) => console.log(line);

// what the game's onmessage handlers read, printed
const print = (message) => {
  switch (message.type) {
    case "connection_status":
      log(`connection_status ${message.status} ${message.userId ?? message.authenticated}`);
      break;
    case "authorized":
      log(`authorized ${message.userId}`);
      break;
    case "authentication_result":
      log(`authentication_result ${message.status} ${message.userId ?? message.error}`);
      break;
    case "token_update":
      log(`token_update ${message.data.map((t) => `${t.symbol}=${t.price}`).sort().join(",")}`);
      break;
    case "tokens_subscribed":
    case "tokens_unsubscribed":
      log(`${message.type} ${message.symbols.join(",")} ${message.count}`);
      break;
    case "token_data":
      log(`token_data ${message.symbol} ${JSON.stringify(message.data)} ${isIso(message.timestamp)}`);
      break;
    case "pong":
      log(`pong ${isIso(message.timestamp)}`);
      break;
    case "error":
      log(`error ${message.code} ${message.originalType} ${message.message}`);
      break;
    default:
      log(`other ${message.type}`);
  }
};
const isIso = (timestamp) => new Date(timestamp).toISOString() === timestamp;

if (mode === "v69" || mode === "legacy") {
  // Method 1 (useBaseWebSocket, the session token as the subprotocol) or Method 2 (useTokenDataWebSocket: connect,
  // then authenticate by message)
  let ws;
  if (mode === "v69") {
    ws = new WebSocket(`${baseWsUrl}${config.endpoint}`, user.session_token);
  } else {
    ws = new WebSocket(`${baseWsUrl}${config.endpoint}`);
  }
  const wsRef = { current: ws };
  const send = (message) => wsRef.current.send(JSON.stringify(message));
  let tokenData = 0;
  ws.onopen = () => {
    log(`open ${mode === "v69" ? ws.protocol === user.session_token : ws.protocol === ""}`);
    if (mode === "legacy") {
      wsRef.current.send(JSON.stringify({
        type: "authenticate",
        token: token
      }));
    }
    // Request all tokens
    send({ type: "get_all_tokens" });

    // Subscribe to specific tokens
    if (tokensToSubscribe !== "all") {
      send({
        type: "subscribe_tokens",
        symbols: tokensToSubscribe
      });
    }
  };
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    print(message);
    if (message.type === "token_data" && ++tokenData === Number(expected)) {
      ws.close(1000);
    }
  };
  ws.onclose = (event) => {
    log(`closed ${event.code}`);
    process.exit(0);
  };
  ws.onerror = (error) => log(`failed ${error.message}`);
} else if (mode === "ping") {
  // the heartbeat: the client pings and expects pong; the server's own heartbeat is a WebSocket ping, after which the
  // client pings once more and closes at its pong
  const ws = new WebSocket(`${baseWsUrl}${config.endpoint}`);
  let pinged = false;
  ws.on("ping", () => {
    if (pinged) return;
    pinged = true;
    log("server ping");
    ws.send(JSON.stringify({ type: "ping" }));
  });
  ws.onopen = () => ws.send(JSON.stringify({ type: "ping", timestamp: new Date().toISOString() }));
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "pong") {
      print(message);
      if (pinged) ws.close(1000);
    }
  };
  ws.onclose = (event) => {
    log(`closed ${event.code}`);
    process.exit(0);
  };
} else if (mode === "unsubscribe") {
  // subscribe_tokens two symbols, then unsubscribe_tokens the first (and one never subscribed)
  const [first, second] = tokensToSubscribe;
  const ws = new WebSocket(`${baseWsUrl}${config.endpoint}`);
  ws.onopen = () => ws.send(JSON.stringify({ type: "subscribe_tokens", symbols: [first, second] }));
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    print(message);
    if (message.type === "tokens_subscribed") {
      ws.send(JSON.stringify({ type: "unsubscribe_tokens", symbols: [first, `NEVER${second}`] }));
    }
    if (message.type === "token_data" && message.symbol === second) ws.close(1000);
  };
  ws.onclose = (event) => {
    log(`closed ${event.code}`);
    process.exit(0);
  };
} else if (mode === "badtoken") {
  const ws = new WebSocket(`${baseWsUrl}${config.endpoint}`, user.session_token);
  ws.onopen = () => log(`open ${ws.protocol === user.session_token}`);
  ws.onmessage = (event) => print(JSON.parse(event.data));
  ws.onerror = (error) => log(`failed ${error.message}`);
  ws.onclose = (event) => {
    log(`closed ${event.code} ${event.reason}`);
    process.exit(0);
  };
} else if (mode === "badinput") {
  // a well-behaved client that must carry on while others send garbage and floods
  const [symbol] = tokensToSubscribe;
  const good = new WebSocket(`${baseWsUrl}${config.endpoint}`);
  good.onopen = () => good.send(JSON.stringify({ type: "subscribe_tokens", symbols: [symbol] }));
  good.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "tokens_subscribed") abuse();
    if (message.type === "token_data") {
      log(`good token_data ${message.symbol} ${JSON.stringify(message.data)}`);
      good.close(1000);
      process.exit(0);
    }
  };
  const many = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i}${symbol}`);
  const abuse = () => {
    const raw = new WebSocket(`${baseWsUrl}${config.endpoint}`);
    const steps = [
      "not json",
      JSON.stringify({ type: "drop_tables" }),
      JSON.stringify({ type: "subscribe_tokens", symbols: ["a:b"] }),
      JSON.stringify({ type: "subscribe_tokens", symbols: many("X", 101) }),
      JSON.stringify({ type: "authenticate", token: "not-a-token" }),
      Buffer.from([1, 2, 3]),
      JSON.stringify({ type: "subscribe_tokens", symbols: many("A", 100) }),
      JSON.stringify({ type: "subscribe_tokens", symbols: many("B", 100) }),
      JSON.stringify({ type: "subscribe_tokens", symbols: many("C", 1) }),
    ];
    let step = -1;
    const next = () => {
      step++;
      if (step < steps.length) raw.send(steps[step]);
      else raw.send(JSON.stringify({ type: "subscribe_tokens", symbols: ["x".repeat(70000)] })); // past the frame limit
    };
    raw.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "connection_status") {
        next();
        return;
      }
      if (message.type === "token_data") return; // the state of the symbols it subscribed, if any
      log(`raw ${step} ${message.type} ${message.code ?? message.status} ${message.originalType ?? message.count}`);
      if (message.type !== "tokens_subscribed" || step >= 6) next();
    };
    raw.onclose = (event) => {
      log(`raw closed ${event.code}`);
      flood();
    };
  };
  // a burst past the frame budget (the tests run with 200 a second, burst 400): RATE_LIMITED, then closed
  const flood = () => {
    const raw = new WebSocket(`${baseWsUrl}${config.endpoint}`);
    let limited = false;
    raw.onopen = () => {
      for (let i = 0; i < 1000; i++) raw.send(JSON.stringify({ type: "ping" }));
    };
    raw.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (!limited && message.code === "RATE_LIMITED") {
        limited = true;
        log("flood RATE_LIMITED");
      }
    };
    raw.onclose = (event) => log(`flood closed ${event.code}`);
  };
}
