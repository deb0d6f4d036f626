// The reference point of bench:live: a bare socket.io server that acknowledges each idea at
// once and broadcasts it, with no database and no rules. Our latency divided by this one is
// the figure that survives a noisy machine.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 0);
const http = createServer();
const io = new Server(http, { path: '/live', transports: ['websocket'] });
let seq = 0;
io.on('connection', (socket) => {
  void socket.join('w');
  socket.on('workshop:sync', (_request: unknown, ack: (response: unknown) => void) =>
    ack({ ok: true, data: { mode: 'events', events: [], seq } }),
  );
  socket.on(
    'idea:post',
    (request: { clientId: string; text: string }, ack: (response: unknown) => void) => {
      seq += 1;
      const idea = { id: request.clientId, clientId: request.clientId, text: request.text };
      ack({ ok: true, data: { idea, duplicate: false } });
      io.to('w').emit('workshop:event', {
        seq,
        at: new Date().toISOString(),
        type: 'idea.posted',
        data: idea,
      });
    },
  );
});
http.listen(port, '127.0.0.1', () => {
  const address = http.address() as { port: number };
  process.stdout.write(`listening ${address.port}\n`);
});
