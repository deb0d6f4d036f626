import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  LIVE_CLIENT_EVENTS,
  LIVE_PATH,
  LIVE_SERVER_EVENTS,
  PARTICIPANT_TOKEN_PREFIX,
  WALL_TOKEN_PREFIX,
  type Ack,
  type AnswerPollRequest,
  type ChoiceResponse,
  type PlaceOnSpectrumRequest,
  type SetDotsRequest,
  type LiveClientEvents,
  type LiveEvent,
  type LiveHandshakeAuth,
  type LiveServerEvents,
  type PostIdeaRequest,
  type PostIdeaResponse,
  type SyncRequest,
  type SyncResponse,
} from '@permanente/contracts';
import type { Server, Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import type { ParticipantActor, StaffActor } from '../auth/actor';
import { CallerResolver } from '../auth/caller-resolver';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { INVALID_INPUT_MESSAGE, isInvalidInputForDatabase } from '../common/database-input-error';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ChoicesService } from './choices.service';
import { IdeasService } from './ideas.service';
import { refuseBadTextInEvents } from './live-input';
import { budgetKey, LIVE_EVENT_BUDGETS, LIVE_SNAPSHOT_BUDGET } from './live-limits';
import { DomainError, domainErrorOf, handshakeErrorCode } from '../common/domain-error';
import { LiveStateService, Viewer } from './live-state.service';
import { WallActor, WallLinksService } from './wall-links.service';
import { WorkshopEventLog } from './workshop-event-log.service';

interface SocketData {
  /** A wall (read-only link) is neither: every write refuses it as 'forbidden'. */
  actor: ParticipantActor | StaffActor | WallActor;
  viewer: Viewer;
}
type LiveServer = Server<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;

const PRESENCE_DELAY_MS = 300;

const room = (workshopId: string) => `w:${workshopId}`;
const staffRoom = (workshopId: string) => `w:${workshopId}:staff`;

/**
 * socket.io under /live. Thin: authorises at the handshake (participant credential scoped to
 * its workshop, or a staff session in scope), joins the socket to the rooms it may see, turns
 * each event into one service call and the result into an acknowledgement, and fans out the
 * events the services committed. Services never import this gateway.
 */
@WebSocketGateway({ path: LIVE_PATH, serveClient: false, transports: ['websocket', 'polling'] })
export class LiveGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger('LiveGateway');
  private subscription?: Subscription;
  private wallSubscription?: Subscription;
  private readonly presence = new Map<string, 'waiting' | 'counting' | 'again'>();
  private readonly presenceTimers = new Set<NodeJS.Timeout>();
  /** Events committed this tick, per workshop, not yet fanned out. */
  private readonly outgoing = new Map<string, LiveEvent[]>();

  @WebSocketServer()
  server!: LiveServer;

  constructor(
    private readonly callers: CallerResolver,
    private readonly ideas: IdeasService,
    private readonly choices: ChoicesService,
    private readonly state: LiveStateService,
    private readonly log: WorkshopEventLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly walls: WallLinksService,
  ) {}

  afterInit(server: LiveServer): void {
    server.use((socket, next) => {
      this.authenticate(socket as LiveSocket).then(
        () => next(),
        (error: unknown) => {
          // Only a true refusal (DomainError) is final for the phone; the rest is retried.
          if (isDatabaseUnavailable(error))
            this.logger.warn(`handshake: database unavailable: ${(error as Error).message}`);
          else if (!(error instanceof DomainError))
            this.logger.error(error instanceof Error ? error.stack : String(error));
          next(new Error(handshakeErrorCode(error)));
        },
      );
    });
    this.subscription = this.log.committed.subscribe(({ workshopId, event }) =>
      this.fanOut(workshopId, event),
    );
    // A revoked wall link: the walls using it leave at once (their reconnection is refused).
    this.wallSubscription = this.walls.revoked.subscribe(({ workshopId, linkId }) => {
      void this.server
        .in(room(workshopId))
        .fetchSockets()
        .then((sockets) => {
          for (const socket of sockets) {
            const actor = socket.data.actor;
            if (actor?.kind === 'wall' && actor.linkId === linkId) socket.disconnect(true);
          }
        })
        .catch((error: unknown) => this.logger.warn(`walls not disconnected: ${String(error)}`));
    });
  }

  /**
   * Fans out a committed event to its room: one broadcast, which socket.io encodes once for
   * every socket of the room (and, across instances, appends once to the Redis stream). The
   * events published together (a batch of the batching writer) are sent together: each
   * separately to a small room, as one `workshop:events` packet to a room of at least
   * `liveBatchMinRoom` sockets here, where one packet per event per phone is what the
   * instance's CPU spends its time on.
   */
  private fanOut(workshopId: string, event: LiveEvent): void {
    const pending = this.outgoing.get(workshopId);
    if (pending) {
      pending.push(event);
      return;
    }
    this.outgoing.set(workshopId, [event]);
    // After the publisher's synchronous loop (a committed batch is published at once), before
    // the acknowledgements of that batch, which settle after it: an event still precedes its ack.
    queueMicrotask(() => {
      const events = this.outgoing.get(workshopId) ?? [];
      this.outgoing.delete(workshopId);
      const to = this.server.to(room(workshopId));
      const size = this.server.sockets.adapter.rooms.get(room(workshopId))?.size ?? 0;
      if (events.length > 1 && size >= this.config.liveBatchMinRoom)
        to.emit(LIVE_SERVER_EVENTS.events, events);
      else for (const one of events) to.emit(LIVE_SERVER_EVENTS.event, one);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.wallSubscription?.unsubscribe();
    for (const timer of this.presenceTimers) clearTimeout(timer);
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    refuseBadTextInEvents(socket);
    const { viewer } = socket.data;
    if (!viewer) return;
    await socket.join(room(viewer.workshopId));
    if (viewer.audience === 'staff') await socket.join(staffRoom(viewer.workshopId));
    this.schedulePresence(viewer.workshopId);
  }

  handleDisconnect(socket: LiveSocket): void {
    if (socket.data.viewer) this.schedulePresence(socket.data.viewer.workshopId);
  }

  @SubscribeMessage(LIVE_CLIENT_EVENTS.sync)
  sync(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() request: SyncRequest,
  ): Promise<Ack<SyncResponse>> {
    return this.answer(async () => {
      await this.withinBudget(socket, LIVE_CLIENT_EVENTS.sync);
      const lastSeq = request?.lastSeq;
      if (
        lastSeq !== undefined &&
        lastSeq !== null &&
        (!Number.isInteger(lastSeq) || lastSeq < 0)
      ) {
        throw new DomainError('invalid', 'lastSeq must be a whole number', 'lastSeq');
      }
      return this.state.sync(socket.data.viewer, lastSeq, () =>
        this.withinBudget(socket, 'snapshot'),
      );
    });
  }

  @SubscribeMessage(LIVE_CLIENT_EVENTS.postIdea)
  postIdea(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() request: PostIdeaRequest,
  ): Promise<Ack<PostIdeaResponse>> {
    return this.answer(async () => {
      await this.withinBudget(socket, LIVE_CLIENT_EVENTS.postIdea);
      const { actor } = socket.data;
      if (actor.kind !== 'participant')
        throw new DomainError('forbidden', 'Staff type paper ideas in through the console');
      return this.ideas.postFromPhone(actor, request ?? ({} as PostIdeaRequest));
    });
  }

  @SubscribeMessage(LIVE_CLIENT_EVENTS.setDots)
  setDots(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() request: SetDotsRequest,
  ): Promise<Ack<ChoiceResponse>> {
    return this.answer(async () => {
      await this.withinBudget(socket, LIVE_CLIENT_EVENTS.setDots);
      return this.choices.setDots(this.participantOf(socket), request ?? ({} as SetDotsRequest));
    });
  }

  @SubscribeMessage(LIVE_CLIENT_EVENTS.placeOnSpectrum)
  placeOnSpectrum(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() request: PlaceOnSpectrumRequest,
  ): Promise<Ack<ChoiceResponse>> {
    return this.answer(async () => {
      await this.withinBudget(socket, LIVE_CLIENT_EVENTS.placeOnSpectrum);
      return this.choices.placeOnSpectrum(
        this.participantOf(socket),
        request ?? ({} as PlaceOnSpectrumRequest),
      );
    });
  }

  @SubscribeMessage(LIVE_CLIENT_EVENTS.answerPoll)
  answerPoll(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() request: AnswerPollRequest,
  ): Promise<Ack<ChoiceResponse>> {
    return this.answer(async () => {
      await this.withinBudget(socket, LIVE_CLIENT_EVENTS.answerPoll);
      return this.choices.answerPoll(
        this.participantOf(socket),
        request ?? ({} as AnswerPollRequest),
      );
    });
  }

  /**
   * Spends one event of the sender's budget for this kind (see LIVE_EVENT_BUDGETS), before
   * any database work: over it, the event is refused `rate_limited` and costs nothing more.
   */
  private async withinBudget(
    socket: LiveSocket,
    event: (typeof LIVE_CLIENT_EVENTS)[keyof typeof LIVE_CLIENT_EVENTS] | 'snapshot',
  ): Promise<void> {
    const { limit, windowMs } =
      event === 'snapshot' ? LIVE_SNAPSHOT_BUDGET : LIVE_EVENT_BUDGETS[event];
    const decision = await this.limiter.consume(
      budgetKey(event, socket.data.actor),
      limit,
      windowMs,
    );
    if (!decision.allowed)
      throw new DomainError('rate_limited', 'Too many requests: try again in a moment', undefined, {
        retryAfterMs: decision.retryAfterMs,
      });
  }

  private participantOf(socket: LiveSocket): ParticipantActor {
    const { actor } = socket.data;
    if (actor.kind !== 'participant')
      throw new DomainError('forbidden', 'Only participants vote and take positions');
    return actor;
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const origin = socket.handshake.headers.origin;
    // Browsers always send Origin: only pages of this product may open a live connection.
    if (origin && origin !== new URL(this.config.publicUrl).origin)
      throw new DomainError('forbidden', 'Origin not allowed');
    const auth = (socket.handshake.auth ?? {}) as LiveHandshakeAuth;
    if (typeof auth.token === 'string' && auth.token.startsWith(WALL_TOKEN_PREFIX)) {
      // The wall by link: read-only, sees what the phones see (never a hidden idea).
      const wall = await this.walls.resolve(auth.token);
      if (!wall) throw new DomainError('unauthorized', 'This wall link was revoked or has ended');
      socket.data.actor = wall;
      socket.data.viewer = { workshopId: wall.workshopId, audience: 'wall' };
      return;
    }
    if (typeof auth.token === 'string' && auth.token.startsWith(PARTICIPANT_TOKEN_PREFIX)) {
      const participant = await this.callers.participant(auth.token);
      if (!participant) throw new DomainError('unauthorized', 'Unknown participant credential');
      socket.data.actor = participant;
      socket.data.viewer = {
        workshopId: participant.workshopId,
        audience: 'participant',
        participantId: participant.participantId,
      };
      return;
    }
    // No CSRF here: a socket's handshake checks Origin above, and its writes are events, not
    // requests another site could make the browser send.
    const { actor: staff } = await this.callers.resolve({
      cookieHeader: socket.handshake.headers.cookie,
    });
    if (staff.kind !== 'staff')
      throw new DomainError('unauthorized', 'Sign in or join the workshop first');
    if (typeof auth.workshopId !== 'string')
      throw new DomainError('invalid', 'workshopId is required for staff');
    socket.data.viewer = await this.state.staffViewer(staff, auth.workshopId);
    socket.data.actor = staff;
  }

  /**
   * Presence is counted at most once per PRESENCE_DELAY_MS per workshop, however many phones
   * join at once: counting walks every socket of the room (on every instance, through Redis),
   * so counting on each of 2,000 arrivals would cost 2,000² steps. One count at a time; a
   * change during a count triggers one more.
   */
  private schedulePresence(workshopId: string): void {
    const state = this.presence.get(workshopId);
    if (state === 'counting') this.presence.set(workshopId, 'again');
    if (state) return;
    this.presence.set(workshopId, 'waiting');
    const timer = setTimeout(() => {
      this.presenceTimers.delete(timer);
      this.presence.set(workshopId, 'counting');
      void this.announcePresence(workshopId)
        .catch((error: unknown) =>
          this.logger.warn(`presence of ${workshopId} not counted: ${String(error)}`),
        )
        .finally(() => {
          const again = this.presence.get(workshopId) === 'again';
          this.presence.delete(workshopId);
          if (again) this.schedulePresence(workshopId);
        });
    }, PRESENCE_DELAY_MS);
    this.presenceTimers.add(timer);
  }

  private async announcePresence(workshopId: string): Promise<void> {
    const sockets = await this.server.in(room(workshopId)).fetchSockets();
    const connected = sockets.filter((s) => s.data.viewer?.audience === 'participant').length;
    this.server.to(staffRoom(workshopId)).emit(LIVE_SERVER_EVENTS.presence, { connected });
  }

  /** Every event gets an acknowledgement: the data, or an error code and a message. */
  private async answer<T>(work: () => Promise<T>): Promise<Ack<T>> {
    try {
      return { ok: true, data: await work() };
    } catch (error) {
      const refusal = domainErrorOf(error);
      if (refusal) return { ok: false, error: refusal.toLiveError() };
      if (isInvalidInputForDatabase(error)) {
        this.logger.warn(`value refused by the database: ${(error as Error).message}`);
        return { ok: false, error: { code: 'invalid', message: INVALID_INPUT_MESSAGE } };
      }
      if (isDatabaseUnavailable(error))
        this.logger.warn(`database unavailable: ${(error as Error).message}`);
      else this.logger.error(error instanceof Error ? error.stack : String(error));
      return {
        ok: false,
        error: {
          code: 'unavailable',
          message: 'The server could not store this now: it will be sent again',
        },
      };
    }
  }
}
