// The wallet app's Socket.IO client (shared/systems/wallet-app.md: namespace and engine path /ws, the token in the
// query, subscribe {channel} answered {success: true}, ping answered {type: "pong", timestamp}, every event the
// message {type: channel, payload, timestamp}), run with the official socket.io-client against Tidings by
// WalletAppSocketIoIT. Only the URL changed: the server's origin and, for a WAR under a context path, the path.
import { io } from "socket.io-client";

const [mode, base, token, ...channels] = process.argv.slice(2);
const url = new URL(base);
// SIO_TRANSPORTS: unset, the client's own (polling, then the upgrade); else a list
const transports = process.env.SIO_TRANSPORTS;
const options = { path: `${url.pathname}ws`, query: { token } };
if (transports) options.transports = transports.split(",");
const log = (line) => console.log(line);

const socket = io(`${url.origin}/ws`, options);
socket.io.on("open", () => {
  log(`transport ${socket.io.engine.transport.name}`);
  socket.io.engine.on("upgrade", (transport) => log(`upgraded ${transport.name}`));
});
socket.on("connect_error", (error) => log(`connect_error ${error.message}`));

if (mode === "subscribe") {
  let expected = channels.length;
  socket.on("message", (message) => {
    log(`message ${message.type} ${message.event} ${typeof message.timestamp}`);
    log(`payload ${message.type} ${JSON.stringify(message.payload)}`);
  });
  for (const channel of channels) {
    socket.emit("subscribe", { channel }, (response) => {
      log(`subscribe ${channel} ${response.success}${response.error ? " " + response.code : ""}`);
      if (--expected === 0) {
        socket.emit("ping", (pong) => log(`ping ${pong.type} ${typeof pong.timestamp}`));
      }
    });
  }
} else if (mode === "bad") {
  socket.emit("subscribe", {}, (none) => {
    log(`no channel ${none.success} ${none.error}`);
    socket.emit("subscribe", { channel: channels[0] }, (other) => {
      log(`other ${other.success} ${other.code}`);
      socket.emit("subscribe", { channel: "nope:x" }, (unknown) => {
        log(`unknown ${unknown.success} ${unknown.code}`);
        socket.close();
        process.exit(0);
      });
    });
  });
}
