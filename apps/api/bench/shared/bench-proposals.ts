// What bench:search and bench:http share: realistic proposals inserted in bulk, and the RSS
// and CPU time of a process. Benchmarks only; never imported by the API.
import { readFileSync } from 'node:fs';

// Words of the 2017 process's contributions: titles and texts are drawn from them.
const TOPICS = [
  'mobilité douce',
  'mobilités partagées',
  'transport à la demande',
  'jeunesse rurale',
  'jeunes apprentis',
  'santé de proximité',
  'maisons de santé',
  'écoles rurales',
  'tiers-lieux',
  'cafés associatifs',
  'rénovation énergétique',
  'logement des saisonniers',
  'services publics itinérants',
  'numérique pour tous',
  'circuits courts',
  'agriculture biologique',
  'culture en milieu rural',
  'emploi des femmes',
  'démocratie locale',
  'initiatives locales',
];
const ACTIONS = [
  'Créer',
  'Soutenir',
  'Développer',
  'Financer',
  'Expérimenter',
  'Relier',
  'Faire connaître',
  'Ouvrir',
];
export const BENCH_THEMES = [
  'Mobilité',
  'Jeunesse',
  'Santé',
  'Éducation',
  'Logement',
  'Emploi',
  'Culture',
];

/** The searches both benchmarks run: accents, plurals, two words. */
export const BENCH_SEARCHES = [
  'mobilité',
  'jeunes',
  'santé',
  'ecole',
  'rénovation énergétique',
  'tiers lieux',
];

/**
 * Inserts `count` published, under review and answered proposals of a campaign over the
 * bassins de vie, 20,000 per statement, with realistic text and dates spread over
 * `spreadDays` days.
 */
export async function insertBenchProposals(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  campaignId: string,
  count: number,
  spreadDays: number,
): Promise<void> {
  const batch = 20_000;
  for (let from = 0; from < count; from += batch) {
    const to = Math.min(count, from + batch);
    await query(
      `WITH t AS (SELECT array_agg(id ORDER BY code) AS ids FROM territories WHERE level = 'bassin_de_vie')
       INSERT INTO proposals (campaign_id, territory_id, title, need, action, themes, source, authors, status,
         supports_count, created_at, updated_at, published_at, answer_due_at, answered_at)
       SELECT $1, t.ids[1 + ((g % 10007) * 7919) % cardinality(t.ids)],
              ($2::text[])[1 + (g * 31) % cardinality($2::text[])] || ' : ' || ($3::text[])[1 + (g * 17) % cardinality($3::text[])] || ' n°' || g,
              'Les habitants du bassin de vie manquent de ' || ($3::text[])[1 + (g * 13) % cardinality($3::text[])] ||
                ' ; les plus éloignés des bourgs sont les premiers concernés, surtout les personnes âgées et les jeunes sans permis.',
              ($2::text[])[1 + (g * 11) % cardinality($2::text[])] || ' ' || ($3::text[])[1 + (g * 17) % cardinality($3::text[])] ||
                ' avec les communes volontaires, et en rendre compte chaque année aux habitants.',
              ARRAY[($4::text[])[1 + (g * 5) % cardinality($4::text[])]],
              (ARRAY['workshop', 'panel', 'participatory_body', 'public'])[1 + g % 4],
              'Bench', s.status, (g * 37) % 500,
              now() - make_interval(days => 1 + g % $7), now() - make_interval(days => g % $7),
              now() - make_interval(days => g % $7), now() - make_interval(days => g % $7) + interval '90 days',
              CASE WHEN s.status = 'answered' THEN now() - make_interval(days => (g % $7) / 2) END
       FROM generate_series($5::int, $6::int) AS g, t,
            LATERAL (SELECT (ARRAY['published', 'under_review', 'answered', 'answered'])[1 + g % 4] AS status) s`,
      [campaignId, ACTIONS, TOPICS, BENCH_THEMES, from + 1, to, spreadDays],
    );
  }
}

/** RSS and CPU time (clock ticks) of a process, from /proc (Linux); null once it is gone. */
export function processStats(pid: number | undefined): { rssKiB: number; cpuTicks: number } | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { rssKiB, cpuTicks: Number(stat[11]) + Number(stat[12]) };
  } catch {
    return null;
  }
}
