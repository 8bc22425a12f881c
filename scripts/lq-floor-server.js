// The least a LiveQuery server can do, for measuring the fan-out benchmark's floor on a machine: it answers
// lqbench.js's connect and subscribe, keeps objects in memory, and on each update writes one pre-framed
// WebSocket message (the same shape as Parse Server's) to every subscriber's socket. No database, no
// matching, no ACLs: whatever latency lqbench.js reports against it is the client's and the kernel's.
// usage: NODE_PATH=compat/node_modules node scripts/lq-floor-server.js [PORT]   (then point lqbench.js at it)
const http = require('http');
const { WebSocketServer, Sender } = require('ws');

const port = +process.argv[2] || 1339;
const objects = {};
const subscribers = new Set();
let lastId = 0;

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const now = new Date().toISOString();
    if (req.method === 'POST') {
      const objectId = `o${++lastId}`;
      objects[objectId] = { ...JSON.parse(body), objectId, createdAt: now, updatedAt: now };
      res.end(JSON.stringify({ objectId, createdAt: now }));
      return;
    }
    const objectId = req.url.split('/').pop();
    const original = objects[objectId];
    const object = { ...original, ...JSON.parse(body), updatedAt: now };
    objects[objectId] = object;
    res.end(JSON.stringify({ updatedAt: now }));
    const message = Buffer.from(JSON.stringify({ op: 'update', clientId: '00000000-0000-0000-0000-000000000000',
      requestId: 1, object: { className: 'LqBench', ...object }, original: { className: 'LqBench', ...original } }));
    const frame = Buffer.concat(Sender.frame(message, { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));
    for (const socket of subscribers) socket._socket.write(frame);
  });
});

new WebSocketServer({ server, perMessageDeflate: false }).on('connection', (socket) => {
  socket.on('close', () => subscribers.delete(socket));
  socket.on('message', (raw) => {
    const message = JSON.parse(raw);
    if (message.op === 'connect') socket.send(JSON.stringify({ op: 'connected', clientId: 'floor' }));
    if (message.op === 'subscribe') {
      subscribers.add(socket);
      socket.send(JSON.stringify({ op: 'subscribed', requestId: message.requestId }));
    }
  });
});
server.listen(port, '127.0.0.1');
