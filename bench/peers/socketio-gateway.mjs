// Reference peer for the Socket.IO benchmark (bench/compare-socketio.sh): the exchange gateway's public channels on
// the real `socket.io` v4 server, the way the gateway does it (shared/systems/exchange-gateway.md): namespace /ws,
// `subscribe {channel, symbol, interval}` joins the room `trades:BTCUSDT` (and so on) and is answered `subscribed`,
// and a publication is `io.of('/ws').to(room).emit(event, {channel, data, offset, timestamp})`, which Socket.IO
// encodes once per broadcast. `POST /api/publish` takes Tidings' body ({channel, event, data}) and `X-API-Key`.
// Socket.IO's defaults otherwise, with `bufferutil` installed as its performance guide recommends.
// Not part of Tidings; it exists so Tidings' Socket.IO dialect can be measured side by side with Socket.IO itself.
// Usage: npm ci && PORT=9091 TIDINGS_API_KEY=k node socketio-gateway.mjs
import http from 'node:http';
import crypto from 'node:crypto';
import { Server } from 'socket.io';

const port = Number(process.env.PORT || 9091);
const apiKey = process.env.TIDINGS_API_KEY || '';
const epoch = crypto.randomBytes(4).toString('hex');
const offsets = new Map(); // room -> last offset

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/publish') {
    if (apiKey && req.headers['x-api-key'] !== apiKey) { res.writeHead(401).end(); return; }
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      let message;
      try { message = JSON.parse(body); } catch { res.writeHead(400).end(); return; }
      const { channel, event, data } = message;
      if (typeof channel !== 'string' || typeof event !== 'string') { res.writeHead(400).end(); return; }
      const offset = (offsets.get(channel) || 0) + 1;
      offsets.set(channel, offset);
      ws.to(channel).emit(event, { channel, data, offset, timestamp: Date.now() });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ offset, epoch }));
    });
    return;
  }
  if (req.url === '/health/ready') { res.writeHead(200).end('{"status":"UP"}'); return; }
  res.writeHead(404).end();
});

const io = new Server(server);
const ws = io.of('/ws');

/** The room of an exchange subscription, as the gateway names it; null when it names none. */
function room({ channel, symbol, interval } = {}) {
  switch (channel) {
    case 'ticker': return `ticker:${symbol || 'all'}`;
    case 'orderbook': case 'trades': return symbol ? `${channel}:${symbol}` : null;
    case 'klines': return symbol && interval ? `klines:${symbol}:${interval}` : null;
    default: return null;
  }
}

ws.on('connection', (socket) => {
  socket.emit('connected', { clientId: socket.id, userId: null, authenticated: false, timestamp: Date.now() });
  for (const [verb, answer] of [['subscribe', 'subscribed'], ['unsubscribe', 'unsubscribed']]) {
    socket.on(verb, (message, ack) => {
      const name = room(message);
      if (!name) {
        const error = { code: 'bad_request', message: 'unknown channel' };
        socket.emit('error', error);
        if (typeof ack === 'function') ack({ success: false, ...error });
        return;
      }
      if (verb === 'subscribe') socket.join(name); else socket.leave(name);
      const payload = { channel: message.channel, symbol: message.symbol, interval: message.interval, room: name };
      socket.emit(answer, payload);
      if (typeof ack === 'function') ack({ success: true, ...payload });
    });
  }
  socket.on('ping', () => socket.emit('pong', { timestamp: Date.now() }));
});

server.listen(port, '127.0.0.1', () => console.log(`peer socketio-gateway listening on ${port}`));
