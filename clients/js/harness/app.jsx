// A React page on tidings-client/react under StrictMode (mount, cleanup, mount in development builds), loaded by
// ClientPackageIT into a page of the gateway with window.tidingsTest = { url, channel }.
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { TidingsProvider, useChannel, useTidings } from "tidings-client/react";

const test = window.tidingsTest;
test.mounts = 0;

function Trades({ channel }) {
  const { client, status } = useTidings();
  const last = useChannel(channel);
  const all = useChannel(channel, (list, trade) => [...list, trade.n], []);
  const [subscribed, setSubscribed] = useState(false);
  useEffect(() => {
    test.mounts++;
    return client.on("frame", (frame) => frame.type === "subscribed" && frame.channel === channel && setSubscribed(true));
  }, [client, channel]);
  return (
    <div>
      <p id="status">{status}</p>
      <p id="subscribed">{String(subscribed)}</p>
      <p id="last">{last ? last.n : "none"}</p>
      <ol id="trades">
        {all.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ol>
    </div>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <TidingsProvider url={test.url}>
      <Trades channel={test.channel} />
    </TidingsProvider>
  </StrictMode>,
);
