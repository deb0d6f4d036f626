// The reference point of bench:live: a bare socket.io server that acknowledges each idea and
// each vote at once and broadcasts it (a vote as the new tally, as the API does), with no
// database and no rules. Our latency divided by this one is the figure that survives a noisy
// machine. With a Redis URL (argv 3) and a key prefix (argv 4), several of them share the
// room through the same Redis Streams adapter as the API, and the voter count is a Redis
// counter, so that the two-instance comparison is like with like.
//   node bare-server.js <port> [<redis-url> <key-prefix>]
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 0);
const redisUrl = process.argv[3];
const prefix = process.argv[4] ?? 'bench-live';

async function main(): Promise<void> {
  const http = createServer();
  const io = new Server(http, { path: '/live', transports: ['websocket'] });
  const redis = redisUrl ? createClient({ url: redisUrl }) : null;
  if (redis) {
    await redis.connect();
    io.adapter(
      createAdapter(redis, {
        streamName: `${prefix}:live`,
        channelPrefix: `${prefix}:live`,
      }),
    );
  }
  let seq = 0;
  let voters = 0;
  const tallies: Record<string, number> = {};
  const event = (type: string, data: unknown) => {
    seq += 1;
    io.to('w').emit('workshop:event', { seq, at: new Date().toISOString(), type, data });
  };
  io.on('connection', (socket) => {
    void socket.join('w');
    socket.on('workshop:sync', (_request: unknown, ack: (response: unknown) => void) =>
      ack({ ok: true, data: { mode: 'events', events: [], seq } }),
    );
    socket.on(
      'idea:post',
      (request: { clientId: string; text: string }, ack: (response: unknown) => void) => {
        const idea = { id: request.clientId, clientId: request.clientId, text: request.text };
        ack({ ok: true, data: { idea, duplicate: false } });
        event('idea.posted', idea);
      },
    );
    socket.on(
      'vote:set',
      async (
        request: { activityId: string; dots: Record<string, number> },
        ack: (response: unknown) => void,
      ) => {
        for (const [id, n] of Object.entries(request.dots)) tallies[id] = (tallies[id] ?? 0) + n;
        voters = redis ? await redis.incr(`${prefix}:voters`) : voters + 1;
        const results = {
          activityId: request.activityId,
          kind: 'dot_vote',
          tallies: { ...tallies },
          voters,
        };
        ack({
          ok: true,
          data: { mine: { ...results, dots: request.dots }, duplicate: false },
        });
        event('results.updated', results);
      },
    );
  });
  http.listen(port, '127.0.0.1', () => {
    const address = http.address() as { port: number };
    process.stdout.write(`listening ${address.port}\n`);
  });
}

void main();
