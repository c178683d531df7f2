// A plain `ws` client, which offers permessage-deflate (RFC 7692) as browsers do: DeflateIT and CoreProtocolIT run it
// to see what Tidings negotiates. Prints "Extensions X" (the server's Sec-WebSocket-Extensions, empty when none) on
// open, each message received after "Received: ", the close as "Closed CODE". Each line on stdin is sent as it is,
// except "SPACES n", which sends a text message of n spaces (compressed to a few bytes); stdin's end closes and exits.
import WebSocket from "ws";
import readline from "node:readline";

const [url] = process.argv.slice(2);
const ws = new WebSocket(url);

ws.on("upgrade", (response) => console.log(`Extensions ${response.headers["sec-websocket-extensions"] ?? ""}`));
ws.on("open", () => console.log("Open"));
ws.on("message", (data) => console.log(`Received: ${data.toString()}`));
ws.on("close", (code) => console.log(`Closed ${code}`));
ws.on("error", (error) => console.log(`Error ${error.message}`));

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const spaces = /^SPACES (\d+)$/.exec(line);
  ws.send(spaces ? " ".repeat(Number(spaces[1])) : line);
}).on("close", () => {
  ws.close();
  setTimeout(() => process.exit(0), 100);
});
