// Mail that arrives (docs/mail.md): the organisers' outgoing-mail page and the opt-in.

export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatusName = (typeof MAIL_STATUSES)[number];

/** One mail of the outbox, as the organisers' outgoing-mail page shows it. */
export interface OutgoingMailView {
  id: string;
  category: string;
  recipient: string;
  language: string;
  subject: string;
  text: string;
  status: MailStatusName;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutgoingMailPage {
  items: OutgoingMailView[];
  total: number;
  limit: number;
  offset: number;
  /** False without SMTP_URL: the mails are kept here and not sent. */
  smtpConfigured: boolean;
}

/** `PUT /api/proposals/:id/mail`: give an address to hear of the answer and follow-ups. */
export interface ProposalMailRequest {
  email: string;
  language: 'fr' | 'en';
  /** Must be true: the person agrees to receive the answer and follow-ups by mail. */
  consent: boolean;
}
