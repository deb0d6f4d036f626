import {
  PROPOSAL_COUNT_CAP,
  PROPOSAL_FREQUENT_COUNT_CAP,
  PROPOSAL_RANKED_CANDIDATES,
  PROPOSAL_SORTS,
  type ProposalListQuery,
  type ProposalPage,
} from '@permanente/contracts';
import { FakeClock } from '../src/common/clock';
import { SqlParameters } from '../src/database/sql-parameters';
import { ProposalLexemesRepository } from '../src/proposals/proposal-lexemes.repository';
import { ProposalReadsRepository } from '../src/proposals/proposal-reads.repository';
import { searchQuery } from '../src/proposals/proposal-views';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { DEMO_ACCOUNTS, DEMO_CAMPAIGN } from '../src/demo/demo-accounts';
import { login, staffHeaders } from './support/actors';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * Search at scale (docs/proposals.md, "Search at scale"): counts capped at PROPOSAL_COUNT_CAP,
 * keyset pagination by cursor, relevance ranking bounded to the most recent candidates. Rows
 * are inserted in bulk with SQL: the lifecycle is proposals.integration-spec's business.
 */
describe('proposals search at scale (integration)', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-06-01T12:00:00Z'));
  let official: Record<string, string>;
  let campaignId: string;
  let loiretBassins: string[];

  /** Inserts `count` proposals in the Loiret; `row` gives each one's SQL expressions of `g`. */
  async function insert(
    count: number,
    row: {
      title: string;
      theme: string;
      status?: string;
      supports?: string;
      published?: string;
      created?: string;
      need?: string;
    },
  ): Promise<void> {
    const published = row.published ?? `'2026-05-01T00:00:00Z'::timestamptz`;
    const status = row.status ?? `'published'`;
    await t.dataSource.query(
      `INSERT INTO proposals (campaign_id, territory_id, title, need, action, themes, source, authors,
         status, supports_count, created_at, updated_at, published_at, answer_due_at)
       SELECT $1, ($2::uuid[])[1 + g % cardinality($2::uuid[])], ${row.title}, ${row.need ?? `'Un besoin'`},
              'Une action', ARRAY[${row.theme}], 'public', 'Test', ${status}, ${row.supports ?? '0'},
              ${row.created ?? `'2026-04-01T00:00:00Z'::timestamptz`}, '2026-04-01T00:00:00Z',
              CASE WHEN ${status} = 'draft' THEN NULL ELSE ${published} END,
              CASE WHEN ${status} = 'draft' THEN NULL ELSE ${published} + interval '60 days' END
       FROM generate_series(1, $3::int) AS g`,
      [campaignId, loiretBassins, count],
    );
  }

  async function list(path: string, query: ProposalListQuery, status = 200) {
    const request = t.http().get(path).query(query);
    if (path.endsWith('/queue')) request.set(official);
    return (await request.expect(status)).body;
  }

  /** Every page of a list by its cursors: the ids in order, and the pages' offsets. */
  async function walk(path: string, query: ProposalListQuery) {
    const ids: string[] = [];
    const offsets: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = (await list(path, { ...query, cursor })) as ProposalPage;
      offsets.push(page.offset);
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor)
        return { ids, offsets, total: page.total, lowerBound: page.totalIsLowerBound };
      cursor = page.nextCursor;
    }
  }

  beforeAll(async () => {
    t = await startTestApp({}, undefined, clock);
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    [{ id: campaignId }] = await t.dataSource.query(`SELECT id FROM campaigns WHERE slug = $1`, [
      DEMO_CAMPAIGN.slug,
    ]);
    const bassins: Array<{ id: string }> = await t.dataSource.query(
      `SELECT b.id FROM territories b JOIN territories d ON d.id = b.parent_id
       WHERE d.code = '45' ORDER BY b.code`,
    );
    loiretBassins = bassins.map((b) => b.id);
    const elu = DEMO_ACCOUNTS.find((a) => a.email === 'elu.loiret@permanente.test')!;
    official = staffHeaders(await login(t, elu.email, elu.password));
  });

  afterAll(() => t.close());

  it(`counts up to ${PROPOSAL_COUNT_CAP.toLocaleString('en-GB')} matches, then says "more than"`, async () => {
    await insert(PROPOSAL_COUNT_CAP, { title: `'Plafond n°' || g`, theme: `'Plafond'` });
    const exact = (await list('/api/proposals', { theme: 'Plafond', limit: 5 })) as ProposalPage;
    expect(exact).toMatchObject({ total: PROPOSAL_COUNT_CAP, totalIsLowerBound: false });
    await insert(1, { title: `'Plafond de trop'`, theme: `'Plafond'`, status: `'answered'` });
    for (const query of [{ theme: 'Plafond' }, { theme: 'Plafond', q: 'plafond' }]) {
      const capped = (await list('/api/proposals', { ...query, limit: 5 })) as ProposalPage;
      expect(capped).toMatchObject({ total: PROPOSAL_COUNT_CAP, totalIsLowerBound: true });
      expect(capped.items).toHaveLength(5);
      expect(capped.nextCursor).toEqual(expect.any(String));
    }
    const queue = (await list('/api/proposals/queue', {
      theme: 'Plafond',
      status: 'answered',
    })) as ProposalPage;
    expect(queue).toMatchObject({ total: 1, totalIsLowerBound: false, nextCursor: null });
  });

  it('keyset pagination returns every row exactly once across pages, ties included, in every sort', async () => {
    // 40 published with 3 support counts and 2 publication dates (many ties), 9 drafts
    // created at the same instant (no publication or due date).
    await insert(40, {
      title: `'Égalité n°' || g`,
      theme: `'Égalité'`,
      supports: 'g % 3',
      published: `'2026-05-01T00:00:00Z'::timestamptz + (g % 2) * interval '1 day'`,
    });
    await insert(9, { title: `'Brouillon n°' || g`, theme: `'Égalité'`, status: `'draft'` });
    for (const sort of PROPOSAL_SORTS) {
      for (const status of [undefined, 'draft'] as const) {
        const query: ProposalListQuery = { theme: 'Égalité', sort, limit: 7 };
        if (status) query.status = status;
        const all = (await list('/api/proposals/queue', { ...query, limit: 100 })) as ProposalPage;
        const walked = await walk('/api/proposals/queue', query);
        const expected = status === 'draft' ? 9 : 40;
        expect(all.total).toBe(expected);
        expect(walked.ids).toEqual(all.items.map((item) => item.id));
        expect(new Set(walked.ids).size).toBe(expected);
        expect(walked.offsets).toEqual(walked.offsets.map((_, i) => i * 7));
      }
    }
    // The public list has no drafts; its pages by cursor agree with its pages by offset.
    const byCursor = await walk('/api/proposals', { theme: 'Égalité', sort: 'supports', limit: 6 });
    const byOffset: string[] = [];
    for (let offset = 0; offset < 40; offset += 6) {
      const page = (await list('/api/proposals', {
        theme: 'Égalité',
        sort: 'supports',
        limit: 6,
        offset,
      })) as ProposalPage;
      byOffset.push(...page.items.map((item) => item.id));
    }
    expect(byCursor.ids).toEqual(byOffset);
    expect(byCursor.ids).toHaveLength(40);
  });

  it('a search by relevance ranks the most recent candidates, then goes on by date, each match once', async () => {
    const extra = 50;
    await insert(PROPOSAL_RANKED_CANDIDATES + extra, {
      title: `CASE WHEN g % 10 = 0 THEN 'Rangement des archives n°' || g ELSE 'Archives n°' || g END`,
      need: `'Un rangement des dossiers'`,
      theme: `'Rangement'`,
      published: `'2026-01-01T00:00:00Z'::timestamptz + g * interval '1 minute'`,
    });
    const walked = await walk('/api/proposals', { q: 'rangement', theme: 'Rangement', limit: 100 });
    expect(walked.total).toBe(PROPOSAL_RANKED_CANDIDATES + extra);
    expect(walked.ids).toHaveLength(PROPOSAL_RANKED_CANDIDATES + extra);
    expect(new Set(walked.ids).size).toBe(PROPOSAL_RANKED_CANDIDATES + extra);
    const newest: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM proposals WHERE 'Rangement' = ANY(themes)
       ORDER BY published_at DESC, id DESC`,
    );
    const candidates = newest.slice(0, PROPOSAL_RANKED_CANDIDATES).map((row) => row.id);
    // The candidates come first (title matches among them first), then the rest by date.
    expect(new Set(walked.ids.slice(0, PROPOSAL_RANKED_CANDIDATES))).toEqual(new Set(candidates));
    expect(walked.ids.slice(PROPOSAL_RANKED_CANDIDATES)).toEqual(
      newest.slice(PROPOSAL_RANKED_CANDIDATES).map((row) => row.id),
    );
    const titleMatches = candidates.length / 10;
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM proposals WHERE id = ANY($1::uuid[]) AND title LIKE 'Rangement%'`,
      [walked.ids.slice(0, titleMatches)],
    );
    expect(n).toBe(titleMatches);
    // An offset past the candidates lands in the same place as the cursors.
    const deep = (await list('/api/proposals', {
      q: 'rangement',
      theme: 'Rangement',
      limit: 20,
      offset: PROPOSAL_RANKED_CANDIDATES + 10,
    })) as ProposalPage;
    expect(deep.items.map((item) => item.id)).toEqual(
      walked.ids.slice(PROPOSAL_RANKED_CANDIDATES + 10, PROPOSAL_RANKED_CANDIDATES + 30),
    );
    expect(deep.nextCursor).toEqual(expect.any(String));
  });

  it(`a frequent word (probed on a sample of the table) is matched without the GIN index: the same pages, counted up to ${PROPOSAL_FREQUENT_COUNT_CAP}`, async () => {
    const reads = t.app.get(ProposalReadsRepository);
    await insert(PROPOSAL_RANKED_CANDIDATES + 30, {
      title: `CASE WHEN g % 4 = 0 THEN 'Covoiturage n°' || g ELSE 'Transport n°' || g END`,
      need: `CASE WHEN g % 3 = 0 THEN 'Du covoiturage' ELSE 'Un besoin' END`,
      theme: `'Covoiturage'`,
      supports: 'g % 5',
      published: `'2026-02-01T00:00:00Z'::timestamptz + (g % 700) * interval '1 hour'`,
    });
    const searches: Array<[string, ProposalListQuery]> = [
      ['/api/proposals', { q: 'covoiturage', theme: 'Covoiturage', limit: 100 }],
      ['/api/proposals', { q: 'covoiturage', sort: 'supports', limit: 100 }],
      ['/api/proposals/queue', { q: 'covoiturage transport', sort: 'due', limit: 100 }],
      [
        '/api/proposals/queue',
        { q: 'covoiturage', theme: 'Covoiturage', sort: 'oldest', limit: 100 },
      ],
    ];
    const walks = async () => Promise.all(searches.map(([path, query]) => walk(path, query)));
    reads.probeFrom(Infinity);
    const withIndex = await walks();
    reads.probeFrom(0);
    const probe = (tsquery: string, ...conditions: string[]) =>
      t.dataSource.transaction((manager) =>
        reads.isFrequent(
          manager,
          [`ts_match_vq(p.search_vector, to_tsquery('french_unaccent', $2))`, ...conditions],
          new SqlParameters([new Date(), tsquery]),
        ),
      );
    expect(await probe('covoiturage:*')).toBe(true);
    expect(await probe('introuvable:*')).toBe(false);
    // Frequent words, but filters that (almost) no match passes: not frequent.
    expect(await probe('covoiturage:*', `p.status = 'draft'`)).toBe(false);
    const rowByRow = await walks();
    reads.probeFrom(Infinity);
    expect(rowByRow.map((w) => w.ids)).toEqual(withIndex.map((w) => w.ids));
    // Each of the four is frequent: "more than 1,000", where the GIN index counted them all.
    expect(rowByRow.map((w) => [w.total, w.lowerBound])).toEqual(
      searches.map(() => [PROPOSAL_FREQUENT_COUNT_CAP, true]),
    );
    // Every row matches "covoiturage" by its theme; three in four have "Transport" in the title.
    const count = PROPOSAL_RANKED_CANDIDATES + 30;
    const transport = count - Math.floor(count / 4);
    expect(withIndex.map((w) => [w.ids.length, w.total, w.lowerBound])).toEqual([
      [count, count, false],
      [count, count, false],
      [transport, transport, false],
      [count, count, false],
    ]);
  });

  it('ranking order on a small set is the full ts_rank order', async () => {
    await insert(1, { title: `'Un verger partagé'`, theme: `'Arboriculture'` });
    await insert(1, {
      title: `'Un verger, des vergers, le verger communal'`,
      theme: `'Arboriculture'`,
      published: `'2026-04-01T00:00:00Z'::timestamptz`,
    });
    await insert(1, {
      title: `'Des arbres'`,
      need: `'Planter un verger'`,
      theme: `'Arboriculture'`,
    });
    await insert(1, {
      title: `'Des fruits'`,
      need: `'Un verger'`,
      theme: `'Arboriculture'`,
      published: `'2026-05-20T00:00:00Z'::timestamptz`,
    });
    await insert(1, { title: `'Un verger au village'`, theme: `'Arboriculture'`, supports: '5' });
    await insert(1, { title: `'Rien à voir'`, theme: `'Arboriculture'` });
    const full: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM proposals
       WHERE 'Arboriculture' = ANY(themes) AND search_vector @@ to_tsquery('french_unaccent', 'verger:*')
       ORDER BY ts_rank(search_vector, to_tsquery('french_unaccent', 'verger:*')) DESC,
                published_at DESC, id DESC`,
    );
    const page = (await list('/api/proposals', {
      q: 'verger',
      theme: 'Arboriculture',
    })) as ProposalPage;
    const titles = page.items.map((item) => item.title);
    expect(page.items.map((item) => item.id)).toEqual(full.map((row) => row.id));
    expect(titles).toHaveLength(5);
    // Three occurrences in the title first; need-only matches last, the newest first.
    expect(titles[0]).toBe('Un verger, des vergers, le verger communal');
    expect(titles.slice(3)).toEqual(['Des fruits', 'Des arbres']);
    const queue = (await list('/api/proposals/queue', {
      q: 'verger',
      theme: 'Arboriculture',
    })) as ProposalPage;
    expect(queue.items.map((item) => item.id)).toEqual(full.map((row) => row.id));
  });

  it('a prefix is matched through the exact lexemes it stands for: the same rows as the prefix, words added or edited later included', async () => {
    const lexemes = new ProposalLexemesRepository();
    await insert(6, {
      title: `(ARRAY['Covoiturage solidaire', 'Des covoitureurs au bourg', 'Coopérative de covoiturage'])[1 + g % 3]`,
      theme: `'Lexèmes'`,
      need: `(ARRAY['Une épicerie', 'Des vélos', 'Le bus'])[1 + g % 3]`,
    });
    // Many lexemes under one prefix ('zorglub1' ... 'zorglub70'): it stays a prefix.
    await insert(70, { title: `'Zorglub' || g`, theme: `'Lexèmes'` });
    const [{ id: edited }] = await t.dataSource.query(
      `SELECT id FROM proposals WHERE title = 'Zorglub7'`,
    );
    await t.dataSource.query(`UPDATE proposals SET title = 'Xylophonie au village' WHERE id = $1`, [
      edited,
    ]);
    expect(await lexemes.exactQuery(t.dataSource.manager, 'covoit:*')).toBe(
      `('covoiturag' | 'covoitureur')`,
    );
    expect(await lexemes.exactQuery(t.dataSource.manager, 'xylo:* & village:*')).toBe(
      `('xylophon') & ('villag')`,
    );
    expect(await lexemes.exactQuery(t.dataSource.manager, 'zorglub:*')).toBeNull();
    expect(await lexemes.exactQuery(t.dataSource.manager, 'introuvablissime:*')).toBe(
      `('introuvablissim')`,
    );
    for (const q of [
      'covoit',
      'covoiturage vélo',
      'coop',
      'zorglub',
      'xylophonie',
      'introuvablissime',
      'les bus',
    ]) {
      const expected: Array<{ id: string }> = await t.dataSource.query(
        `SELECT id FROM proposals WHERE status <> 'draft'
           AND search_vector @@ to_tsquery('french_unaccent', $1) ORDER BY supports_count DESC, id DESC`,
        [searchQuery(q)],
      );
      const found = await walk('/api/proposals', { q, sort: 'supports', limit: 50 });
      expect({ q, ids: found.ids, total: found.total }).toEqual({
        q,
        ids: expected.map((row) => row.id),
        total: expected.length,
      });
      const queue = await walk('/api/proposals/queue', { q, sort: 'supports', limit: 50 });
      expect({ q, total: queue.total }).toEqual({ q, total: expected.length });
    }
    expect((await walk('/api/proposals', { q: 'xylophonie', sort: 'supports' })).ids).toEqual([
      edited,
    ]);
  });

  it('refuses a cursor it did not give, one of another sort, and offsets past the first pages', async () => {
    const page = (await list('/api/proposals', { sort: 'supports', limit: 2 })) as ProposalPage;
    for (const cursor of [
      'abc',
      Buffer.from('{"s":"supports","r":false,"p":2,"a":["1; DROP","x"]}').toString('base64url'),
    ]) {
      const refused = await list('/api/proposals', { sort: 'supports', cursor }, 400);
      expect(refused.fields).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    }
    const otherSort = await list('/api/proposals', { sort: 'due', cursor: page.nextCursor! }, 400);
    expect(otherSort.fields[0]).toMatchObject({ field: 'query.cursor', code: 'invalidCursor' });
    expect(JSON.stringify(otherSort)).not.toMatch(/at \w+ \(/);
    const deep = await list('/api/proposals', { offset: 10_001 }, 400);
    expect(deep.fields[0].field).toBe('query.offset');
  });
});
