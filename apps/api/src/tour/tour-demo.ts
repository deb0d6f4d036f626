import { randomUUID } from 'node:crypto';
import {
  BASSIN_CENTRES,
  type CreateInitiativeRequest,
  type StopMomentInput,
  withDe,
} from '@permanente/contracts';
import { DataSource } from 'typeorm';
import { insertClosedActivity, insertClosedFabrik } from '../demo/demo-fabrik.repository';
import {
  demoTerritories,
  insertDemoIdea,
  insertDemoParticipant,
  insertDemoPosition,
  workshopIdByCode,
} from './tour-demo.repository';
import type { InitiativesService } from './initiatives.service';
import type { ToursService } from './tours.service';

/**
 * The demo tour: one day in each of the 23 bassins de vie, from February to July 2026, in the
 * order of the 2017 tour (Loiret, Eure-et-Loir and Cher first, then Indre, Loir-et-Cher and
 * Indre-et-Loire). Places, initiatives and contributions are fictional; no real person.
 */
export const DEMO_TOUR = {
  title: 'La tournée des 23 bassins de vie',
  description:
    'Un bus, une journée par bassin de vie : des rencontres préparées avec les acteurs et ' +
    'les initiatives du territoire, des temps ouverts à toutes et à tous, et une Fabrik le soir.',
};

/** [bassin code, day, place]: one day each, never two the same day. */
export const DEMO_STOPS: Array<[string, string, string]> = [
  ['bv-45-orleans', '2026-02-11', 'Place du Martroi'],
  ['bv-45-montargis', '2026-02-18', 'Salle des fêtes'],
  ['bv-45-gien', '2026-02-25', 'Place de la Victoire'],
  ['bv-45-pithiviers', '2026-03-04', 'Halle du marché'],
  ['bv-28-chartres', '2026-03-11', 'Place des Épars'],
  ['bv-28-dreux', '2026-03-18', 'Maison des associations'],
  ['bv-28-chateaudun', '2026-03-25', 'Place du 18-Octobre'],
  ['bv-28-nogent-le-rotrou', '2026-04-01', 'Salle polyvalente'],
  ['bv-18-bourges', '2026-04-22', 'Place Séraucourt'],
  ['bv-18-vierzon', '2026-04-29', 'Salle des fêtes'],
  ['bv-18-saint-amand-montrond', '2026-05-06', 'Place de la République'],
  ['bv-18-aubigny-sur-nere', '2026-05-13', 'Halle de la Ville'],
  ['bv-36-chateauroux', '2026-06-03', 'Place Gambetta'],
  ['bv-36-issoudun', '2026-06-10', 'Centre social'],
  ['bv-36-la-chatre', '2026-06-17', 'Place du marché'],
  ['bv-36-le-blanc', '2026-06-24', 'Salle des fêtes'],
  ['bv-41-blois', '2026-07-01', 'Place Louis-XII'],
  ['bv-41-vendome', '2026-07-03', 'Manège Rochambeau'],
  ['bv-41-romorantin-lanthenay', '2026-07-06', 'Fabrique Normant'],
  ['bv-37-tours', '2026-07-08', 'Place Jean-Jaurès'],
  ['bv-37-amboise', '2026-07-10', 'Salle Descartes'],
  ['bv-37-loches', '2026-07-13', 'Place du marché au blé'],
  ['bv-37-chinon', '2026-07-15', 'Salle Rabelais'],
];

/** Closed demo Fabriks of past stops, so that the coverage shows real numbers. */
const DEMO_FABRIKS: Array<{
  bassin: string;
  code: string;
  participants: number;
  ideas: number;
  positions: number;
}> = [
  { bassin: 'bv-45-orleans', code: 'TRN45R', participants: 34, ideas: 18, positions: 26 },
  { bassin: 'bv-45-montargis', code: 'TRN45M', participants: 21, ideas: 12, positions: 15 },
  { bassin: 'bv-28-chartres', code: 'TRN28C', participants: 27, ideas: 14, positions: 20 },
  { bassin: 'bv-28-nogent-le-rotrou', code: 'TRN28N', participants: 12, ideas: 8, positions: 9 },
  { bassin: 'bv-18-bourges', code: 'TRNC8B', participants: 25, ideas: 13, positions: 18 },
  { bassin: 'bv-36-chateauroux', code: 'TRN36C', participants: 18, ideas: 10, positions: 12 },
];

const DEMO_IDEAS = [
  'Un bus le samedi vers la gare, même pour les villages',
  'Un lieu pour les jeunes le soir, géré avec eux',
  'Des permanences de la Région dans les mairies',
  'Aider les associations à trouver des bénévoles',
  'Un marché de producteurs locaux chaque semaine',
  'Le covoiturage organisé entre communes voisines',
  'Plus de médecins : des maisons de santé en réseau',
  'Réparer plutôt que jeter : un repair café par canton',
  'Des formations au numérique pour les plus âgés',
  'Consulter les habitants avant les grands projets',
  'Des pistes cyclables entre les bourgs',
  'Ouvrir les cantines des lycées aux produits locaux',
  'Rendre compte publiquement des décisions prises',
  'Un budget participatif pour les petites communes',
  'Des logements pour les apprentis et les saisonniers',
  'Garder les petits commerces en centre-bourg',
  'Des rencontres entre élus et habitants sans estrade',
  'Isoler les logements anciens avec des artisans du coin',
];

const MOMENTS: StopMomentInput[] = [
  {
    kind: 'prepared',
    startsAt: '10:00',
    endsAt: '12:00',
    title: 'Rencontre avec les acteurs de l’emploi et de l’insertion',
    actors: 'Mission locale, chantier d’insertion, maison de l’emploi',
  },
  {
    kind: 'prepared',
    startsAt: '14:00',
    endsAt: '16:00',
    title: 'Visite d’initiatives citoyennes du bassin',
    actors: 'Associations et collectifs du territoire',
  },
  {
    kind: 'open',
    startsAt: '16:30',
    endsAt: '18:00',
    title: 'Le bus ouvert à toutes et à tous',
    actors: '',
  },
  {
    kind: 'open',
    startsAt: '18:30',
    endsAt: '21:00',
    title: 'Fabrik : atelier ouvert de co-construction',
    actors: '',
  },
];

const DEMO_INITIATIVES: Array<
  Omit<CreateInitiativeRequest, 'territoryId' | 'stopId'> & {
    bassin: string;
  }
> = [
  {
    bassin: 'bv-18-vierzon',
    name: 'Ressourcerie du Pays de Vierzon',
    description:
      'Collecte, répare et revend meubles et objets ; un chantier d’insertion de douze postes.',
    kind: 'social_enterprise',
    themes: ['réemploi', 'emploi'],
    publicContact: 'contact@ressourcerie-vierzon.example',
  },
  {
    bassin: 'bv-45-orleans',
    name: 'Jardins partagés de l’Argonne',
    description:
      'Des parcelles cultivées ensemble au pied des immeubles, et une fête des récoltes.',
    kind: 'association',
    themes: ['alimentation', 'lien social'],
    publicContact: 'jardins-argonne@asso.example',
  },
  {
    bassin: 'bv-45-montargis',
    name: 'Coopérative solaire du Gâtinais',
    description: 'Des habitants financent et posent des panneaux solaires sur les toits publics.',
    kind: 'cooperative',
    themes: ['énergie', 'transition'],
    publicContact: 'bonjour@solaire-gatinais.example',
    website: 'https://solaire-gatinais.example',
  },
  {
    bassin: 'bv-28-nogent-le-rotrou',
    name: 'Mobilité solidaire du Perche',
    description:
      'Des chauffeurs bénévoles conduisent aux rendez-vous médicaux ceux qui n’ont pas de voiture.',
    kind: 'association',
    themes: ['mobilité', 'santé', 'solidarité'],
    publicContact: '02 00 00 00 00 (accueil de l’association)',
  },
  {
    bassin: 'bv-28-chateaudun',
    name: 'La Grange numérique',
    description:
      'Un tiers-lieu rural : ateliers numériques, espace de travail partagé, café associatif.',
    kind: 'collective',
    themes: ['numérique', 'lien social'],
    publicContact: 'contact@grange-numerique.example',
  },
  {
    bassin: 'bv-36-chateauroux',
    name: 'Épicerie solidaire du Berry',
    description:
      'Des produits à petit prix et un accompagnement budgétaire, tenus par des bénévoles.',
    kind: 'association',
    themes: ['alimentation', 'solidarité'],
    publicContact: 'epicerie-berry@asso.example',
  },
  {
    bassin: 'bv-36-la-chatre',
    name: 'Maison France services de La Châtre',
    description:
      'Un guichet unique pour les démarches administratives, et un bus qui fait les villages.',
    kind: 'public_actor',
    themes: ['services publics', 'numérique'],
    publicContact: 'Accueil de la maison France services',
  },
  {
    bassin: 'bv-41-blois',
    name: 'Collectif Loire vivante',
    description: 'Nettoyages des berges, sorties nature et sciences participatives sur la Loire.',
    kind: 'collective',
    themes: ['environnement'],
    publicContact: 'loire-vivante@collectif.example',
  },
  {
    bassin: 'bv-37-chinon',
    name: 'Café associatif Le Lien',
    description: 'Un café où l’on vient discuter, jouer, apprendre : géré par ses adhérents.',
    kind: 'association',
    themes: ['lien social', 'culture'],
    publicContact: 'cafe-le-lien@asso.example',
  },
];

function report(town: string, day: string, withFabrik: boolean): string {
  const [, month] = day.split('-');
  const season = Number(month) >= 6 ? 'd’été' : 'd’hiver';
  return withFabrik
    ? `Une journée ${season} à ${town} : deux rencontres préparées avec les acteurs du bassin, ` +
        'le bus ouvert l’après-midi, et une Fabrik le soir dont les idées alimentent les propositions.'
    : `Une journée ${season} à ${town} : rencontres avec les acteurs locaux et temps ouvert ` +
        'autour du bus. Les échanges sont repris dans la synthèse du département.';
}

/** Creates the demo tour with its stops, Fabriks and initiatives. */
export async function seedDemoTour(
  dataSource: DataSource,
  tours: ToursService,
  initiatives: InitiativesService,
  campaignId: string,
  demoWorkshopCode: string,
): Promise<string> {
  const manager = dataSource.manager;
  const territories = await demoTerritories(manager);
  const byCode = new Map(territories.map((t) => [t.code, t]));
  const tour = await tours.create(null, { campaignId, ...DEMO_TOUR });

  // Closed Fabriks with participants and contributions.
  const fabrikOf = new Map<string, string>();
  for (const [index, fabrik] of DEMO_FABRIKS.entries()) {
    const territory = byCode.get(fabrik.bassin);
    if (!territory) continue;
    const day = DEMO_STOPS.find(([code]) => code === fabrik.bassin)![1];
    const workshopId = await insertClosedFabrik(manager, {
      code: fabrik.code,
      title: `Fabrik ${withDe(territory.name)}`,
      territoryId: territory.id,
      campaignId,
      place: `${DEMO_STOPS.find(([code]) => code === fabrik.bassin)![2]}, ${territory.name}`,
      startsAt: new Date(`${day}T18:30:00+01:00`),
    });
    const participants: string[] = [];
    for (let i = 0; i < fabrik.participants; i++)
      participants.push(
        await insertDemoParticipant(manager, workshopId, `demo-tour-${randomUUID()}`),
      );
    const boardId = await insertClosedActivity(manager, workshopId, {
      position: 1,
      kind: 'idea_board',
      prompt: 'Qu’est-ce qui changerait votre quotidien ici ?',
    });
    for (let i = 0; i < fabrik.ideas; i++)
      await insertDemoIdea(manager, {
        workshopId,
        activityId: boardId,
        participantId: participants[i % participants.length],
        clientId: randomUUID(),
        text: DEMO_IDEAS[(i + index * 3) % DEMO_IDEAS.length],
        origin: i % 4 === 3 ? 'paper' : 'phone',
      });
    const spectrumId = await insertClosedActivity(manager, workshopId, {
      position: 2,
      kind: 'spectrum',
      prompt: 'La Région est proche de mon quotidien',
    });
    for (let i = 0; i < fabrik.positions; i++)
      await insertDemoPosition(manager, spectrumId, participants[i], 1 + ((i * 7 + index) % 5));
    fabrikOf.set(fabrik.bassin, workshopId);
  }
  const vierzonWorkshopId = await workshopIdByCode(manager, demoWorkshopCode);
  if (vierzonWorkshopId) fabrikOf.set('bv-18-vierzon', vierzonWorkshopId);

  const stopOf = new Map<string, string>();
  for (const [code, day, place] of DEMO_STOPS) {
    const territory = byCode.get(code);
    if (!territory) continue;
    const centre = BASSIN_CENTRES[code];
    const workshopId = fabrikOf.get(code) ?? null;
    const stop = await tours.createStop(null, tour.id, {
      day,
      startsAt: '09:30',
      endsAt: '21:30',
      territoryId: territory.id,
      placeName: place,
      address: `${place}, ${territory.name}`,
      latitude: centre?.latitude ?? null,
      longitude: centre?.longitude ?? null,
      moments: MOMENTS,
      workshopId,
      notes: 'Arrivée du bus à 8 h 30 ; prévoir l’alimentation électrique pour l’écran.',
      report: report(territory.name, day, workshopId !== null),
    });
    stopOf.set(code, stop.id);
  }

  let created = 0;
  for (const { bassin, ...initiative } of DEMO_INITIATIVES) {
    const territory = byCode.get(bassin);
    if (!territory) continue;
    await initiatives.create(null, {
      ...initiative,
      territoryId: territory.id,
      stopId: stopOf.get(bassin) ?? null,
    });
    created++;
  }
  return `tour of ${stopOf.size} stops, ${fabrikOf.size} Fabriks, ${created} initiatives`;
}
