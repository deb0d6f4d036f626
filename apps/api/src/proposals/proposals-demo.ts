import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { insertClosedActivity, insertClosedFabrik } from '../demo/demo-fabrik.repository';
import {
  demoOfficial,
  insertDemoAnswer,
  insertDemoFollowUp,
  insertDemoProposal,
  insertDemoSupport,
  insertDemoTheme,
  insertPaperIdea,
  territoryIdByCode,
} from './proposals-demo.repository';

const DAY = 86_400_000;

/** A closed Fabrik in the Loiret whose "Mobilité" theme became a proposal (provenance). */
export const DEMO_PROPOSALS_WORKSHOP = {
  code: 'M4GT1S',
  title: 'Fabrik de Montargis',
  territoryCode: 'bv-45-montargis',
  place: 'Salle Belle-Épine, Montargis',
  daysAgo: 40,
  themes: {
    Mobilité: [
      'Un bus le samedi matin vers le marché de Montargis',
      'Du transport à la demande pour les villages du Gâtinais',
      'Des horaires de car qui collent aux horaires des lycées',
      'Un covoiturage organisé par la commune, avec des points de rencontre',
      'Les personnes âgées ne peuvent plus aller chez le médecin sans voiture',
      'Une navette vers la gare de Montargis pour les trains de Paris',
      'Des vélos électriques à louer à la mairie',
      'Une carte de transport unique car + train dans le Loiret',
      'Réserver un taxi solidaire par téléphone, pas seulement sur internet',
      'Des pistes cyclables sûres entre les bourgs',
      'Le permis de conduire coûte trop cher pour les jeunes',
      'Un minibus partagé entre les associations',
      'Des abribus éclairés et abrités',
      'Informer sur les transports existants : personne ne les connaît',
    ],
    Jeunesse: [
      'Un lieu pour les jeunes ouvert le soir',
      'Des stages chez les artisans du coin',
      'Un conseil des jeunes qui décide vraiment de quelque chose',
    ],
  } as Record<string, string[]>,
};

interface DemoProposal {
  key: string;
  title: string;
  need: string;
  action: string;
  themes: string[];
  territoryCode: string;
  source: 'workshop' | 'participatory_body' | 'public';
  sourceBody?: string;
  authors: string;
  /** Days ago it was published; null: a draft. */
  publishedDaysAgo: number | null;
  underReview?: boolean;
  answer?: {
    daysAgo: number;
    officialEmail: string;
    state: string;
    reasons: string;
  };
  followUps?: Array<{ daysAgo: number; progress: number; text: string }>;
  supports: number;
  /** From the demo Fabrik's theme of that name. */
  fromTheme?: string;
}

/** Inspired by the 2017 process: the tour's Fabriks, the CESER and the youth council referrals. */
export const DEMO_PROPOSALS: DemoProposal[] = [
  {
    key: 'tad-gatinais',
    title: 'Un transport à la demande pour les villages du Gâtinais',
    need: 'Dans les villages autour de Montargis, sans voiture on ne peut aller ni au marché, ni chez le médecin, ni à la gare. Les personnes âgées et les jeunes sans permis sont les premiers isolés.',
    action:
      'Créer un transport à la demande réservable par téléphone et en ligne, relié aux horaires des trains et des lycées, et le faire connaître dans chaque mairie.',
    themes: ['Mobilité'],
    territoryCode: 'bv-45-montargis',
    source: 'workshop',
    authors: 'Participant·es de la Fabrik de Montargis',
    publishedDaysAgo: 20,
    supports: 37,
    fromTheme: 'Mobilité',
  },
  {
    key: 'services-itinerants',
    title: 'Des permanences itinérantes de services publics',
    need: 'Les démarches administratives se font en ligne ou en ville : une partie des habitants du Pithiverais n’y a plus accès.',
    action:
      'Un bus des services publics qui s’arrête chaque semaine dans les bourgs, avec un conseiller pour les démarches en ligne.',
    themes: ['Services publics', 'Numérique'],
    territoryCode: 'bv-45-pithiviers',
    source: 'public',
    authors: 'Contributions en ligne du public',
    publishedDaysAgo: 120,
    supports: 52,
  },
  {
    key: 'conseil-jeunes',
    title: 'Un conseil local de la jeunesse dans chaque bassin de vie',
    need: 'Les jeunes de 15 à 29 ans se sentent peu écoutés par les institutions ; la jeunesse rurale encore moins.',
    action:
      'Installer dans chaque bassin de vie un conseil local de la jeunesse, tiré au sort parmi les volontaires, consulté sur les projets qui le concernent.',
    themes: ['Jeunesse', 'Démocratie'],
    territoryCode: 'bv-45-orleans',
    source: 'participatory_body',
    sourceBody: 'Conseil régional de la jeunesse',
    authors: 'Conseil régional de la jeunesse',
    publishedDaysAgo: 100,
    answer: {
      daysAgo: 60,
      officialEmail: 'elu.loiret@permanente.test',
      state: 'partly_accepted',
      reasons:
        'La Région soutiendra trois conseils locaux pilotes dans le Loiret en 2027, avec les intercommunalités volontaires ; la généralisation sera décidée après évaluation.',
    },
    followUps: [
      {
        daysAgo: 20,
        progress: 30,
        text: 'Deux intercommunalités volontaires ; appel aux jeunes ouvert jusqu’en janvier.',
      },
    ],
    supports: 64,
  },
  {
    key: 'tiers-lieux',
    title: 'Soutenir les tiers-lieux et cafés associatifs en milieu rural',
    need: 'Les lieux où l’on se rencontre disparaissent des bourgs ; les initiatives locales manquent de locaux et de soutien au démarrage.',
    action:
      'Un appel à projets annuel pour les tiers-lieux ruraux, avec une aide au démarrage et un réseau régional pour partager les pratiques.',
    themes: ['Initiatives locales', 'Lien social'],
    territoryCode: 'bv-18-vierzon',
    source: 'public',
    authors: 'Contributions de la tournée dans le Cher',
    publishedDaysAgo: 150,
    answer: {
      daysAgo: 110,
      officialEmail: 'vice-presidence@permanente.test',
      state: 'accepted',
      reasons:
        'Un appel à projets « Tiers-lieux en territoires ruraux » est ouvert au budget 2027, doté de 600 000 €.',
    },
    followUps: [
      { daysAgo: 80, progress: 25, text: 'Appel à projets publié ; 41 dossiers reçus.' },
      {
        daysAgo: 15,
        progress: 60,
        text: '18 tiers-lieux soutenus ; le réseau régional se réunit en décembre.',
      },
    ],
    supports: 89,
  },
  {
    key: 'initiatives-locales',
    title: 'Valoriser et relier les initiatives locales repérées pendant la tournée',
    need: 'Les initiatives citoyennes rencontrées sur la tournée se connaissent peu et restent invisibles pour les habitants.',
    action:
      'Une carte publique des initiatives locales et des rencontres annuelles par département pour qu’elles se connaissent et s’entraident.',
    themes: ['Initiatives locales'],
    territoryCode: '24',
    source: 'participatory_body',
    sourceBody: 'CESER Centre-Val de Loire',
    authors: 'CESER Centre-Val de Loire',
    publishedDaysAgo: 45,
    underReview: true,
    supports: 23,
  },
  {
    key: 'maisons-sante',
    title: 'Des maisons de santé près des gares du Giennois',
    need: 'Les médecins partent à la retraite sans successeur ; les délais de rendez-vous s’allongent.',
    action:
      'Aider les communes à ouvrir des maisons de santé pluriprofessionnelles accessibles en train et en car.',
    themes: ['Santé', 'Mobilité'],
    territoryCode: 'bv-45-gien',
    source: 'public',
    authors: 'Contributions en ligne du public',
    publishedDaysAgo: 8,
    supports: 12,
  },
  {
    key: 'renovation',
    title: 'Un guichet unique de la rénovation énergétique par bassin de vie',
    need: 'Les aides à la rénovation sont nombreuses et illisibles ; les ménages modestes y renoncent.',
    action:
      'Un guichet unique dans chaque bassin de vie, avec un conseiller qui suit le dossier de bout en bout.',
    themes: ['Logement', 'Transition écologique'],
    territoryCode: 'bv-18-bourges',
    source: 'public',
    authors: 'Contributions de la tournée dans le Cher',
    publishedDaysAgo: 130,
    answer: {
      daysAgo: 95,
      officialEmail: 'vice-presidence@permanente.test',
      state: 'already_existing',
      reasons:
        'Le service public régional de la rénovation existe depuis 2021 ; la Région va le faire mieux connaître dans chaque bassin de vie.',
    },
    supports: 18,
  },
];

/**
 * Demo proposals in the demo campaign: some answered (with follow-ups), one overdue, one
 * built from a closed Fabrik's theme, several in the Loiret for the demo official.
 */
export async function seedDemoProposals(
  dataSource: DataSource,
  campaignId: string,
  now: Date,
): Promise<string> {
  return dataSource.transaction(async (manager) => {
    const territory = (code: string): Promise<string> => territoryIdByCode(manager, code);
    const w = DEMO_PROPOSALS_WORKSHOP;
    const held = new Date(now.getTime() - w.daysAgo * DAY);
    const workshopId = await insertClosedFabrik(manager, {
      code: w.code,
      title: w.title,
      territoryId: await territory(w.territoryCode),
      campaignId,
      place: w.place,
      startsAt: held,
    });
    const activityId = await insertClosedActivity(manager, workshopId, {
      position: 1,
      kind: 'idea_board',
      prompt: 'Qu’est-ce qui vous manque pour bien vivre ici ?',
    });
    const themeIds: Record<string, { id: string; ideas: string[] }> = {};
    let position = 0;
    for (const [name, ideas] of Object.entries(w.themes)) {
      const themeId = await insertDemoTheme(manager, workshopId, name, ++position);
      const ids: string[] = [];
      for (const [index, text] of ideas.entries())
        ids.push(
          await insertPaperIdea(manager, {
            workshopId,
            activityId,
            clientId: randomUUID(),
            text,
            themeId,
            createdAt: new Date(held.getTime() + index * 60_000),
          }),
        );
      themeIds[name] = { id: themeId, ideas: ids };
    }

    for (const p of DEMO_PROPOSALS) {
      const published =
        p.publishedDaysAgo === null ? null : new Date(now.getTime() - p.publishedDaysAgo * DAY);
      const created = new Date((published ?? now).getTime() - 2 * DAY);
      const theme = p.fromTheme ? themeIds[p.fromTheme] : undefined;
      const status = p.answer
        ? 'answered'
        : p.underReview
          ? 'under_review'
          : published
            ? 'published'
            : 'draft';
      const id = await insertDemoProposal(
        manager,
        {
          campaignId,
          territoryId: await territory(p.territoryCode),
          title: p.title,
          need: p.need,
          action: p.action,
          themes: p.themes,
          source: p.source,
          sourceBody: p.sourceBody ?? null,
          authors: p.authors,
          workshopId: theme ? workshopId : null,
          themeId: theme?.id ?? null,
          themeName: p.fromTheme ?? null,
          status,
          supports: p.supports,
          createdAt: created,
          publishedAt: published,
          answeredAt: p.answer ? new Date(now.getTime() - p.answer.daysAgo * DAY) : null,
        },
        theme ? theme.ideas : null,
      );
      await supports(manager, id, p.supports, published ?? now, now);
      if (p.answer) {
        const official = await demoOfficial(manager, p.answer.officialEmail);
        await insertDemoAnswer(manager, id, {
          state: p.answer.state,
          reasons: p.answer.reasons,
          official,
          answeredAt: new Date(now.getTime() - p.answer.daysAgo * DAY),
        });
        for (const f of p.followUps ?? [])
          await insertDemoFollowUp(manager, id, {
            progress: f.progress,
            text: f.text,
            authorId: official.id,
            authorName: official.office
              ? `${official.display_name}, ${official.office}`
              : official.display_name,
            at: new Date(now.getTime() - f.daysAgo * DAY),
          });
      }
    }
    return `${DEMO_PROPOSALS.length} proposals, workshop ${w.title} (closed)`;
  });
}

/** Supports spread over the days since publication (pseudonymous demo identities). */
async function supports(
  manager: EntityManager,
  proposalId: string,
  count: number,
  from: Date,
  to: Date,
): Promise<void> {
  const span = Math.max(1, to.getTime() - from.getTime());
  for (let i = 0; i < count; i++) {
    // Denser at first, like real supports after publication.
    const at = new Date(from.getTime() + span * (i / count) ** 2);
    await insertDemoSupport(manager, proposalId, `public:demo-${i}`, at);
  }
}
