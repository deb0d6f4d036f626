/**
 * The mails' words, French (the reference) and English, with the plural rules of each
 * language (`Intl.PluralRules`, never "(s)"). A template gives a subject, paragraphs and an
 * optional button; `mail-render.ts` turns them into the HTML and plain-text bodies.
 */
export const MAIL_LANGUAGES = ['fr', 'en'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** What a person may unsubscribe from, one category at a time. */
export const MAIL_CATEGORIES = [
  'proposal_updates',
  'official_reminders',
  'official_digest',
  'panel',
  'organiser',
] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export interface MailContent {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

export interface MailParams {
  proposal_answered: {
    title: string;
    state: string;
    reasons: string;
    official: string;
    url: string;
  };
  proposal_follow_up: { title: string; progress: number; text: string; url: string };
  answer_due_soon: { title: string; days: number; dueDate: Date; url: string };
  answer_overdue: { title: string; daysLate: number; dueDate: Date; url: string };
  official_digest: {
    name: string;
    waiting: number;
    overdue: number;
    titles: string[];
    url: string;
  };
  panel_invitation: { panel: string; url: string };
  panel_reminder: { panel: string; url: string };
  panel_replacement: { panel: string; url: string };
  draw_finished: { panel: string; drawn: number; url: string };
  field_synced: { kit: string; workshops: number; url: string };
}
export type MailTemplate = keyof MailParams;

type Catalogue = { [K in MailTemplate]: (p: MailParams[K]) => MailContent };

function plural(language: MailLanguage, n: number, forms: { one: string; other: string }): string {
  const form = new Intl.PluralRules(language).select(n) === 'one' ? forms.one : forms.other;
  return form.replace('#', new Intl.NumberFormat(language).format(n));
}

function day(language: MailLanguage, date: Date): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Paris',
  }).format(date);
}

const STATES: Record<MailLanguage, Record<string, string>> = {
  fr: {
    accepted: 'Acceptée',
    partly_accepted: 'Acceptée en partie',
    under_study: 'À l’étude',
    rejected: 'Refusée',
    already_existing: 'Existe déjà',
  },
  en: {
    accepted: 'Accepted',
    partly_accepted: 'Partly accepted',
    under_study: 'Under study',
    rejected: 'Rejected',
    already_existing: 'Already exists',
  },
};

/** A state's label; a state a campaign added is shown as written, `_` as spaces. */
export function stateLabel(language: MailLanguage, state: string): string {
  return STATES[language][state] ?? state.replace(/_/g, ' ');
}

const fr: Catalogue = {
  proposal_answered: (p) => ({
    subject: `Réponse à la proposition « ${p.title} »`,
    paragraphs: [
      `La proposition « ${p.title} », que vous suivez, a reçu une réponse de ${p.official}.`,
      `Décision : ${stateLabel('fr', p.state)}.`,
      p.reasons,
    ],
    action: { label: 'Lire la réponse', url: p.url },
  }),
  proposal_follow_up: (p) => ({
    subject: `Suivi de la proposition « ${p.title} »`,
    paragraphs: [
      `Nouvelle étape pour la proposition « ${p.title} » : avancement ${p.progress} %.`,
      p.text,
    ],
    action: { label: 'Voir le suivi', url: p.url },
  }),
  answer_due_soon: (p) => ({
    subject: `Réponse attendue ${plural('fr', p.days, { one: 'dans # jour', other: 'dans # jours' })} : « ${p.title} »`,
    paragraphs: [
      `La proposition « ${p.title} » attend votre réponse avant le ${day('fr', p.dueDate)}.`,
    ],
    action: { label: 'Répondre', url: p.url },
  }),
  answer_overdue: (p) => ({
    subject: `Réponse en retard : « ${p.title} »`,
    paragraphs: [
      `La réponse à la proposition « ${p.title} » était attendue le ${day('fr', p.dueDate)} (${plural('fr', p.daysLate, { one: '# jour de retard', other: '# jours de retard' })}).`,
    ],
    action: { label: 'Répondre', url: p.url },
  }),
  official_digest: (p) => ({
    subject: `Votre semaine : ${plural('fr', p.waiting, { one: '# proposition attend', other: '# propositions attendent' })} une réponse`,
    paragraphs: [
      `Bonjour ${p.name},`,
      `${plural('fr', p.waiting, { one: '# proposition attend', other: '# propositions attendent' })} votre réponse, dont ${plural('fr', p.overdue, { one: '# en retard', other: '# en retard' })}.`,
      ...p.titles.map((title) => `• ${title}`),
    ],
    action: { label: 'Ouvrir ma file', url: p.url },
  }),
  panel_invitation: (p) => ({
    subject: `Vous êtes invité·e au panel « ${p.panel} »`,
    paragraphs: [
      `Vous avez été tiré·e au sort pour le panel citoyen « ${p.panel} ».`,
      'Ce lien est personnel : il vous permet d’accepter ou de décliner l’invitation.',
    ],
    action: { label: 'Répondre à l’invitation', url: p.url },
  }),
  panel_reminder: (p) => ({
    subject: `Rappel : votre invitation au panel « ${p.panel} »`,
    paragraphs: [`Votre invitation au panel « ${p.panel} » attend toujours votre réponse.`],
    action: { label: 'Répondre à l’invitation', url: p.url },
  }),
  panel_replacement: (p) => ({
    subject: `Une place se libère au panel « ${p.panel} »`,
    paragraphs: [
      `Une place s’est libérée au panel citoyen « ${p.panel} » et vous avez été tiré·e au sort pour la prendre.`,
    ],
    action: { label: 'Répondre à l’invitation', url: p.url },
  }),
  draw_finished: (p) => ({
    subject: `Tirage terminé : « ${p.panel} »`,
    paragraphs: [
      `Le tirage au sort du panel « ${p.panel} » est terminé : ${plural('fr', p.drawn, { one: '# personne tirée', other: '# personnes tirées' })}.`,
    ],
    action: { label: 'Voir le tirage', url: p.url },
  }),
  field_synced: (p) => ({
    subject: `Retour du terrain : « ${p.kit} »`,
    paragraphs: [
      `Le kit de terrain « ${p.kit} » est revenu : ${plural('fr', p.workshops, { one: 'son atelier est rapporté et clos', other: 'ses # ateliers sont rapportés et clos' })} sur le serveur central.`,
    ],
    action: { label: 'Voir les kits', url: p.url },
  }),
};

const en: Catalogue = {
  proposal_answered: (p) => ({
    subject: `Answer to the proposal “${p.title}”`,
    paragraphs: [
      `The proposal “${p.title}”, which you follow, has been answered by ${p.official}.`,
      `Decision: ${stateLabel('en', p.state)}.`,
      p.reasons,
    ],
    action: { label: 'Read the answer', url: p.url },
  }),
  proposal_follow_up: (p) => ({
    subject: `Follow-up on the proposal “${p.title}”`,
    paragraphs: [`A new step for the proposal “${p.title}”: ${p.progress}% done.`, p.text],
    action: { label: 'See the follow-up', url: p.url },
  }),
  answer_due_soon: (p) => ({
    subject: `Answer due ${plural('en', p.days, { one: 'in # day', other: 'in # days' })}: “${p.title}”`,
    paragraphs: [`The proposal “${p.title}” awaits your answer by ${day('en', p.dueDate)}.`],
    action: { label: 'Answer', url: p.url },
  }),
  answer_overdue: (p) => ({
    subject: `Answer overdue: “${p.title}”`,
    paragraphs: [
      `The answer to the proposal “${p.title}” was due on ${day('en', p.dueDate)} (${plural('en', p.daysLate, { one: '# day late', other: '# days late' })}).`,
    ],
    action: { label: 'Answer', url: p.url },
  }),
  official_digest: (p) => ({
    subject: `Your week: ${plural('en', p.waiting, { one: '# proposal awaits', other: '# proposals await' })} an answer`,
    paragraphs: [
      `Hello ${p.name},`,
      `${plural('en', p.waiting, { one: '# proposal awaits', other: '# proposals await' })} your answer, ${plural('en', p.overdue, { one: '# of them overdue', other: '# of them overdue' })}.`,
      ...p.titles.map((title) => `• ${title}`),
    ],
    action: { label: 'Open my queue', url: p.url },
  }),
  panel_invitation: (p) => ({
    subject: `You are invited to the panel “${p.panel}”`,
    paragraphs: [
      `You have been drawn by lot for the citizens' panel “${p.panel}”.`,
      'This link is yours alone: with it you accept or decline the invitation.',
    ],
    action: { label: 'Answer the invitation', url: p.url },
  }),
  panel_reminder: (p) => ({
    subject: `Reminder: your invitation to the panel “${p.panel}”`,
    paragraphs: [`Your invitation to the panel “${p.panel}” still awaits your answer.`],
    action: { label: 'Answer the invitation', url: p.url },
  }),
  panel_replacement: (p) => ({
    subject: `A seat is free on the panel “${p.panel}”`,
    paragraphs: [
      `A seat has become free on the citizens' panel “${p.panel}” and you have been drawn to take it.`,
    ],
    action: { label: 'Answer the invitation', url: p.url },
  }),
  draw_finished: (p) => ({
    subject: `Draw finished: “${p.panel}”`,
    paragraphs: [
      `The draw of the panel “${p.panel}” is finished: ${plural('en', p.drawn, { one: '# person drawn', other: '# people drawn' })}.`,
    ],
    action: { label: 'See the draw', url: p.url },
  }),
  field_synced: (p) => ({
    subject: `Back from the field: “${p.kit}”`,
    paragraphs: [
      `The field kit “${p.kit}” is back: ${plural('en', p.workshops, { one: 'its workshop is synced and closed', other: 'its # workshops are synced and closed' })} on the central server.`,
    ],
    action: { label: 'See the kits', url: p.url },
  }),
};

const CATALOGUES: Record<MailLanguage, Catalogue> = { fr, en };

/** The footer's words. */
export const FOOTER: Record<
  MailLanguage,
  { why: Record<MailCategory, string>; unsubscribe: string }
> = {
  fr: {
    why: {
      proposal_updates: 'Vous recevez ce message car vous avez demandé à suivre cette proposition.',
      official_reminders:
        'Vous recevez ce message car vous répondez aux propositions de votre territoire.',
      official_digest:
        'Vous recevez ce résumé hebdomadaire car vous répondez aux propositions de votre territoire.',
      panel: 'Vous recevez ce message car vous vous êtes porté·e volontaire pour un panel citoyen.',
      organiser: 'Vous recevez ce message car vous organisez la démarche.',
    },
    unsubscribe: 'Ne plus recevoir ces messages',
  },
  en: {
    why: {
      proposal_updates: 'You receive this because you asked to follow this proposal.',
      official_reminders: 'You receive this because you answer the proposals of your territory.',
      official_digest:
        'You receive this weekly summary because you answer the proposals of your territory.',
      panel: "You receive this because you volunteered for a citizens' panel.",
      organiser: 'You receive this because you organise the process.',
    },
    unsubscribe: 'Stop receiving these messages',
  },
};

export function mailContent<K extends MailTemplate>(
  language: MailLanguage,
  template: K,
  params: MailParams[K],
): MailContent {
  return (CATALOGUES[language][template] as (p: MailParams[K]) => MailContent)(params);
}
