import type { RunSheetTemplate } from '@permanente/contracts';

/**
 * Agenda templates. The first is the evening Fabrik as the 2017 tour ran it: a welcome, the
 * ideas on sticky notes, their grouping into themes, a vote on priorities, a débat mouvant, and
 * what happens next. Content in French, as the workshops are; a facilitator renames any
 * prompt afterwards.
 */
export const RUN_SHEET_TEMPLATES: readonly RunSheetTemplate[] = [
  {
    id: 'fabrik-2017',
    name: 'Fabrik (format 2017)',
    description:
      'Accueil, idées, regroupement, vote des priorités, débat mouvant, et la suite : environ deux heures.',
    activities: [
      {
        kind: 'poll',
        prompt: 'Bienvenue ! Est-ce votre première Fabrik ?',
        options: ['Oui, c’est la première', 'Non, je suis déjà venu·e'],
        minutes: 10,
      },
      {
        kind: 'idea_board',
        prompt: 'Qu’est-ce qui changerait votre vie ici ?',
        categories: ['Mobilité', 'Santé', 'Emploi et formation', 'Jeunesse', 'Vie locale'],
        minutes: 30,
      },
      {
        kind: 'clustering',
        prompt: 'Regroupons les idées par thème',
        minutes: 15,
      },
      {
        kind: 'dot_vote',
        prompt: 'Quelles idées en priorité ?',
        dots: 3,
        voteOn: 'ideas',
        minutes: 15,
      },
      {
        kind: 'spectrum',
        prompt: 'Débat mouvant : « Ici, sans voiture, on ne peut pas vivre. »',
        minutes: 20,
      },
      {
        kind: 'poll',
        prompt: 'Et après ? Comment voulez-vous suivre la suite ?',
        options: [
          'Recevoir les réponses des élus',
          'Rejoindre le panel du département',
          'Porter une initiative locale',
        ],
        multiple: true,
        minutes: 10,
      },
    ],
  },
];

export function findRunSheet(id: string): RunSheetTemplate | undefined {
  return RUN_SHEET_TEMPLATES.find((template) => template.id === id);
}
