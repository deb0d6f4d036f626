import { AccountsService } from '../../src/accounts/accounts.service';
import type { StaffActor } from '../../src/auth/actor';
import type { AppConfig } from '../../src/config/app-config';
import { AgendaService } from '../../src/live/agenda.service';
import { WorkshopsService } from '../../src/workshops/workshops.service';
import { join } from './actors';
import { TestLiveClient } from './live-client';
import { resetDatabase, startTestApp, type TestApp } from './test-app';

// The set-up the live integration specs share: the app listening on a port, a territory, an
// organiser, a workshop (optionally live with an open idea board), and phones that join it,
// each from its own address, with the shipped live client.

export interface LiveWorkshopOptions {
  territory: { code: string; name: string };
  organiser: { email: string; password?: string };
  title: string;
  /** An idea board, opened, and the workshop set live; without it the workshop stays empty. */
  board?: { prompt: string; categories?: string[] };
  /** The X-Forwarded-For hops the app trusts (phones join from their own addresses). */
  trustProxyHops?: number;
  /** The first two bytes of the phones' addresses, e.g. '10.1', distinct per spec. */
  addresses?: string;
  /** Other settings of the app. */
  config?: Partial<AppConfig>;
}

export interface JoinedPhone {
  client: TestLiveClient;
  token: string;
  participantId: string;
}

export const ORGANISER_PASSWORD = 'organiser password';

export class LiveWorkshop {
  /** The phones connected so far; `closePhones()` closes them. */
  readonly clients: TestLiveClient[] = [];
  private joined = 0;

  private constructor(
    /** Replaceable: a test that restarts the app puts the new one here. */
    public t: TestApp,
    readonly baseUrl: string,
    readonly organiser: StaffActor,
    readonly workshopId: string,
    readonly code: string,
    /** The open idea board, when the options asked for one. */
    readonly boardId: string,
    private readonly addresses: string,
  ) {}

  static async start(options: LiveWorkshopOptions): Promise<LiveWorkshop> {
    const t = await startTestApp({
      ...(options.trustProxyHops === undefined ? {} : { trustProxyHops: options.trustProxyHops }),
      ...options.config,
    });
    await resetDatabase(t.dataSource);
    const baseUrl = await t.listen();
    const [territory] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ($1, $2, 'bassin_de_vie') RETURNING id`,
      [options.territory.code, options.territory.name],
    );
    const account = await t.app.get(AccountsService).create(null, {
      email: options.organiser.email,
      password: options.organiser.password ?? ORGANISER_PASSWORD,
      displayName: 'Orga',
      roles: ['organiser'],
    });
    const organiser: StaffActor = {
      kind: 'staff',
      userId: account.id,
      displayName: 'Orga',
      roles: ['organiser'],
      scopeTerritoryIds: [],
      sessionId: '',
      csrfToken: '',
    };
    const workshop = await t.app
      .get(WorkshopsService)
      .create(null, { title: options.title, territoryId: territory.id });
    let boardId = '';
    if (options.board) {
      const agenda = t.app.get(AgendaService);
      const board = await agenda.addActivity(organiser, workshop.id, {
        kind: 'idea_board',
        prompt: options.board.prompt,
        ...(options.board.categories ? { categories: options.board.categories } : {}),
      });
      boardId = board.id;
      await agenda.updateActivity(organiser, workshop.id, boardId, { status: 'open' });
      await agenda.setStatus(organiser, workshop.id, 'live');
    }
    return new LiveWorkshop(
      t,
      baseUrl,
      organiser,
      workshop.id,
      workshop.code,
      boardId,
      options.addresses ?? '10.0',
    );
  }

  /** A participant joins (from an address of its own) and connects; resolves once synced. */
  async participant(name?: string): Promise<JoinedPhone> {
    this.joined += 1;
    const address = `${this.addresses}.${this.joined >> 8}.${this.joined & 255}`;
    const response = await join(this.t, this.code, name, address);
    const client = await TestLiveClient.connect(this.baseUrl, { token: response.body.token });
    this.clients.push(client);
    await client.ready();
    return { client, token: response.body.token, participantId: response.body.participant.id };
  }

  /** Keeps a client made elsewhere, so that `closePhones()` closes it too. */
  keep(client: TestLiveClient): TestLiveClient {
    this.clients.push(client);
    return client;
  }

  closePhones(): void {
    for (const client of this.clients.splice(0)) client.close();
  }

  async close(): Promise<void> {
    this.closePhones();
    await this.t?.close();
  }
}
