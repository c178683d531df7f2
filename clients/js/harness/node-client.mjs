// tidings-client installed by name, in Node 20 with the ws package as its WebSocket: prints "subscribed <channel>",
// then the first event's data, and closes (ClientPackageIT publishes in between).
import { connect } from "tidings-client";
import WebSocket from "ws";

const [url, channel] = process.argv.slice(2);
console.log(`node ${process.version}`);
const client = connect({ url, WebSocket });
client.on("frame", (frame) => frame.type === "subscribed" && console.log(`subscribed ${frame.channel}`));
client.subscribe(channel, (data) => {
  console.log(`event ${JSON.stringify(data)}`);
  client.close();
});
