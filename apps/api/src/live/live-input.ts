import type { Ack } from '@permanente/contracts';
import type { Socket } from 'socket.io';
import { findBadText } from '../common/text-hygiene';

/**
 * The live side of input hygiene (common/text-hygiene.ts): a packet whose payload holds a
 * NUL or a lone surrogate anywhere never reaches its handler; its acknowledgement is an
 * `invalid` refusal naming the field (`text`, `options.2`). Registered on each socket as it
 * connects, so it runs before every event handler.
 */
export function refuseBadTextInEvents(socket: Socket): void {
  socket.use((packet, next) => {
    const [, ...args] = packet;
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    const [refused] = findBadText(args.length === 1 ? args[0] : args, '');
    if (!refused) return next();
    const answer: Ack<never> = {
      ok: false,
      error: {
        code: 'invalid',
        message: refused.reason,
        ...(refused.field ? { field: refused.field } : {}),
      },
    };
    if (ack) (ack as (response: Ack<never>) => void)(answer);
  });
}
