// Type-checked by `npm run typecheck`: the package and its React module resolve by name, with their typings.
import { createElement } from "react";
import { connect, type ConnectionStatus, type EventFrame, Tidings } from "tidings-client";
import { TidingsProvider, useChannel, useTidings } from "tidings-client/react";
import WebSocket from "ws";

type Trade = { n: number; price: string };

const client: Tidings = connect({ url: "ws://localhost:8080/ws", WebSocket, getToken: async () => "jwt" });
const status: ConnectionStatus = client.status;
const stop: () => void = client.subscribe<Trade>("trades:BTCUSDT", (trade, frame: EventFrame<Trade>) => {
  console.log(status, trade.price, frame.offset);
});
stop();
// @ts-expect-error the url is required
connect({ WebSocket });
// @ts-expect-error the WebSocket option is a class
connect({ url: "ws://localhost:8080/ws", WebSocket: "ws" });

function Trades() {
  const { client, status } = useTidings();
  const last = useChannel<Trade>("trades:BTCUSDT");
  const prices = useChannel("trades:BTCUSDT", (list: string[], trade: Trade) => [...list, trade.price], []);
  return createElement("p", null, status, client.user, last?.price, prices.join(" "));
}

export const app = createElement(TidingsProvider, { url: "ws://localhost:8080/ws" }, createElement(Trades));
export const given = createElement(TidingsProvider, { client }, createElement(Trades));
