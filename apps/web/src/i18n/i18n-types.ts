import type { fr } from './messages.fr';
import type { frStaff } from './messages.fr.staff';

/** The keys of the participant's screens, in the phone's first download. */
export type ParticipantMessageKey = keyof typeof fr;
export type MessageKey = ParticipantMessageKey | keyof typeof frStaff;
export type Messages = Record<MessageKey, string>;
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;
