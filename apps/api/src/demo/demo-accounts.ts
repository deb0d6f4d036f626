import type { StaffRole } from '@permanente/contracts';

/**
 * Demonstration accounts: they exist only in the demo data, and `npm start` prints them.
 * Their passwords are public by design; never load the demo data on a real deployment.
 */
export const DEMO_ACCOUNTS: Array<{
  email: string;
  password: string;
  displayName: string;
  roles: StaffRole[];
  office: string | null;
  /** Territory codes the account is limited to; empty: everywhere. */
  scopeCodes: string[];
}> = [
  {
    email: 'organisation@permanente.test',
    password: 'demo-organisation',
    displayName: 'Équipe Démocratie permanente',
    roles: ['organiser'],
    office: null,
    scopeCodes: [],
  },
  {
    email: 'animation.cher@permanente.test',
    password: 'demo-animation-cher',
    displayName: 'Camille Animatrice (Cher)',
    roles: ['facilitator'],
    office: null,
    scopeCodes: ['18'],
  },
  {
    email: 'elu.loiret@permanente.test',
    password: 'demo-elu-loiret',
    displayName: 'Jean Exemple',
    roles: ['official'],
    office: 'Conseiller régional délégué au Loiret',
    scopeCodes: ['45'],
  },
  {
    email: 'vice-presidence@permanente.test',
    password: 'demo-vice-presidence',
    displayName: 'Marie Exemple',
    roles: ['official', 'facilitator'],
    office: 'Vice-présidente déléguée à la démocratie permanente',
    scopeCodes: [],
  },
];

/** The demo Fabrik anyone can join from `npm start`. */
export const DEMO_WORKSHOP = {
  code: 'K7P2QX',
  title: 'Fabrik de Vierzon',
  territoryCode: 'bv-18-vierzon',
  place: 'Salle des fêtes, Vierzon',
};

/** The demo campaign the tour, the workshops, the panels and the proposals belong to. */
export const DEMO_CAMPAIGN = {
  slug: 'democratie-permanente-2026',
  title: 'Démocratie permanente 2026',
  description:
    'Le tour des 23 bassins de vie de la région, les Fabriks ouvertes à toutes et à tous, ' +
    'un panel par département, et des propositions auxquelles les élus répondent publiquement.',
  territoryCode: '24',
  startsOn: '2026-01-05',
  endsOn: '2027-06-30',
  answerDelayDays: 90,
};
