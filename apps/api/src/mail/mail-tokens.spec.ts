import { loadConfig } from '../config/app-config';
import { mailContent } from './mail-messages';
import { renderMail } from './mail-render';
import { addressHash, readUnsubscribeToken, unsubscribeToken } from './mail-tokens';
import { backoffMs } from './mail-worker';

describe('unsubscribe tokens', () => {
  const secret = 'a'.repeat(64);

  it('carry the category and a hash of the address, never the address', () => {
    const hash = addressHash(secret, ' Camille@Example.org ');
    expect(hash).toBe(addressHash(secret, 'camille@example.org'));
    const token = unsubscribeToken(secret, 'proposal_updates', hash);
    expect(token).not.toContain('camille');
    expect(readUnsubscribeToken(secret, token)).toEqual({ category: 'proposal_updates', hash });
  });

  it('refuse a changed category, hash or signature, and another secret', () => {
    const hash = addressHash(secret, 'camille@example.org');
    const token = unsubscribeToken(secret, 'proposal_updates', hash);
    expect(readUnsubscribeToken(secret, token.replace('proposal_updates', 'panel'))).toBeNull();
    expect(readUnsubscribeToken(secret, token.replace(hash, hash.replace(/.$/, '0')))).toBeNull();
    expect(readUnsubscribeToken(secret, `${token}x`)).toBeNull();
    expect(readUnsubscribeToken('b'.repeat(64), token)).toBeNull();
    expect(readUnsubscribeToken(secret, 'nonsense')).toBeNull();
  });
});

describe('mail templates', () => {
  it('use plurals and escape the HTML', () => {
    const one = mailContent('fr', 'answer_overdue', {
      title: '<b>Un titre</b>',
      daysLate: 1,
      dueDate: new Date('2026-06-01T09:00:00Z'),
      url: 'https://example.org/p',
    });
    expect(one.paragraphs[0]).toContain('1 jour de retard');
    const many = mailContent('en', 'answer_overdue', {
      title: 'T',
      daysLate: 3,
      dueDate: new Date('2026-06-01T09:00:00Z'),
      url: 'https://example.org/p',
    });
    expect(many.paragraphs[0]).toContain('3 days late');
    const rendered = renderMail('fr', 'official_reminders', one, 'https://example.org/u');
    expect(rendered.html).toContain('&lt;b&gt;Un titre&lt;/b&gt;');
    expect(rendered.html).not.toContain('<b>Un titre');
    expect(rendered.text).toContain('<b>Un titre</b>');
    expect(rendered.text).toContain('https://example.org/u');
  });
});

describe('backoff and configuration', () => {
  it('doubles the wait from 1 s up to an hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(30)).toBe(3_600_000);
  });

  it('reads SMTP_URL, MAIL_FROM and ANSWER_REMINDER_DAYS, refusing bad values', () => {
    const config = loadConfig({
      SMTP_URL: 'smtp://u:p@mail.example.org:587',
      MAIL_FROM: 'Démocratie permanente <participation@example.org>',
      ANSWER_REMINDER_DAYS: '3',
      PUBLIC_URL: 'https://participation.example.org',
    });
    expect(config.smtpUrl).toBe('smtp://u:p@mail.example.org:587');
    expect(config.answerReminderDays).toBe(3);
    expect(loadConfig({ PUBLIC_URL: 'https://participation.example.org' }).mailFrom).toBe(
      'Permanente <no-reply@participation.example.org>',
    );
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ ANSWER_REMINDER_DAYS: '0' })).toThrow(/ANSWER_REMINDER_DAYS/);
  });
});
