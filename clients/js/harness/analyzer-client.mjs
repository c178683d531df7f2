// The market analyzer's client code (shared/systems/market-analyzer.md, "Usage Examples"), run against Tidings by
// AnalyzerDialectIT with the `ws` package, whose API the snippets use (`ws.on('open')`, `data.toString()`). Only the
// URL changed. For the test: each message received is printed as a line of JSON after "Received:", the close as
// "Closed CODE", and each line on stdin is sent as it is (stdin's end closes the socket and exits).
import WebSocket from "ws";
import readline from "node:readline";

const [url, coinId, token] = process.argv.slice(2);

// Basic Connection
const ws = new WebSocket(url);

ws.on('open', () => {
  console.log('Connected to WebSocket');

  // Authentication
  if (token) {
    ws.send(JSON.stringify({
      type: 'authenticate',
      data: {
        token: token
      }
    }));
  }

  // Subscribe to Coin Updates
  if (coinId) {
    ws.send(JSON.stringify({
      type: 'subscribe',
      data: {
        coinId: coinId
      }
    }));
  }
});

ws.on('message', (data) => {
  const message = JSON.parse(data.toString());
  console.log('Received:', JSON.stringify(message));
});

// Heartbeat
const heartbeat = setInterval(() => {
  ws.send(JSON.stringify({ type: 'ping' }));
}, 30000);

ws.on('close', (code) => {
  console.log(`Closed ${code}`);
  clearInterval(heartbeat);
});
ws.on('error', (error) => console.log(`Error ${error.message}`));

readline.createInterface({ input: process.stdin }).on('line', (line) => ws.send(line)).on('close', () => {
  ws.close();
  setTimeout(() => process.exit(0), 100);
});
