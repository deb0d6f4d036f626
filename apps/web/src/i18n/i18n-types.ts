import type { fr } from './messages.fr';

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;
