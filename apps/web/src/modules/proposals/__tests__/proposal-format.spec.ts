import { translate } from '@web/i18n/i18n';
import type { MessageKey } from '@web/i18n/i18n-types';
import { listQuery } from '../api/proposals.api';
import { daysLeft, formatDay, stateLabel } from '../proposal-format';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate('fr', key, params);

describe('proposal formatting', () => {
  it('labels the default answer states in French and shows a campaign’s own states as written', () => {
    expect(stateLabel('partly_accepted', t)).toBe('Acceptée en partie');
    expect(stateLabel('referred_to_state', t)).toBe('referred to state');
  });

  it('formats days in the Paris time zone', () => {
    expect(formatDay('2026-03-03T23:30:00Z', 'fr')).toBe('4 mars 2026');
    expect(formatDay(null, 'fr')).toBe('');
  });

  it('counts the days left before the due date, negative when overdue', () => {
    const now = new Date('2026-03-03T12:00:00Z');
    expect(daysLeft({ answerDueAt: '2026-03-10T12:00:00Z' }, now)).toBe(7);
    expect(daysLeft({ answerDueAt: '2026-03-01T12:00:00Z' }, now)).toBe(-2);
    expect(daysLeft({ answerDueAt: null }, now)).toBeNull();
  });

  it('builds list query strings without empty filters', () => {
    expect(listQuery({ q: 'mobilité', theme: '', overdue: true, offset: 0 })).toBe(
      '?q=mobilit%C3%A9&overdue=true&offset=0',
    );
    expect(listQuery({})).toBe('');
  });
});
