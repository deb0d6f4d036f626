import {
  AGE_BANDS,
  type AgeBand,
  GENDERS,
  type Gender,
  type ParticipantProfile,
} from '@permanente/contracts';
import { useI18n } from '@web/i18n/i18n';
import { CommuneSearch } from './CommuneSearch';

/** The four optional answers as a form holds them ('' = no answer). */
export interface ProfileDraft {
  ageBand: AgeBand | '';
  gender: Gender | '';
  communeCode: string;
  first: 'yes' | 'no' | '';
}

export const draftOf = (known: ParticipantProfile = {}): ProfileDraft => ({
  ageBand: known.ageBand ?? '',
  gender: known.gender ?? '',
  communeCode: known.communeCode ?? '',
  first: known.firstParticipation === undefined ? '' : known.firstParticipation ? 'yes' : 'no',
});

/** The answers given, without the unanswered questions. */
export function profileOf(draft: ProfileDraft): ParticipantProfile {
  const profile: ParticipantProfile = {};
  if (draft.ageBand) profile.ageBand = draft.ageBand;
  if (draft.gender) profile.gender = draft.gender;
  if (draft.communeCode) profile.communeCode = draft.communeCode;
  if (draft.first) profile.firstParticipation = draft.first === 'yes';
  return profile;
}

/**
 * The "who have we heard" questions (docs/coverage.md) and their consent box, the same on a
 * phone, in the panels' open call and on the console's paper form. `hide` leaves out the
 * questions already answered elsewhere (a panel's gender and age band features).
 */
export function ProfileFields({
  draft,
  onChange,
  consent,
  onConsent,
  consentLabel,
  consentInvalid,
  describedBy,
  hide = {},
  idPrefix = 'profile',
}: {
  draft: ProfileDraft;
  onChange(draft: ProfileDraft): void;
  consent: boolean;
  onConsent(consent: boolean): void;
  consentLabel: string;
  consentInvalid: boolean;
  /** The id of the error message, when the consent box is missing. */
  describedBy?: string;
  hide?: { ageBand?: boolean; gender?: boolean };
  /** Unique on the page: the console shows two profile forms (a paper idea's, a sign-in line's). */
  idPrefix?: string;
}) {
  const { t } = useI18n();
  const set = (change: Partial<ProfileDraft>) => onChange({ ...draft, ...change });
  return (
    <>
      {!hide.ageBand && (
        <>
          <label htmlFor={`${idPrefix}-age`}>{t('myData.profile.ageBand')}</label>
          <select
            id={`${idPrefix}-age`}
            name="ageBand"
            value={draft.ageBand}
            onChange={(event) => set({ ageBand: event.target.value as AgeBand | '' })}
          >
            <option value="">{t('myData.profile.noAnswer')}</option>
            {AGE_BANDS.map((band) => (
              <option key={band} value={band}>
                {t(`ageBand.${band}`)}
              </option>
            ))}
          </select>
        </>
      )}
      {!hide.gender && (
        <>
          <label htmlFor={`${idPrefix}-gender`}>{t('profile.gender')}</label>
          <select
            id={`${idPrefix}-gender`}
            name="gender"
            value={draft.gender}
            onChange={(event) => set({ gender: event.target.value as Gender | '' })}
          >
            <option value="">{t('myData.profile.noAnswer')}</option>
            {GENDERS.map((value) => (
              <option key={value} value={value}>
                {t(`gender.${value}`)}
              </option>
            ))}
          </select>
        </>
      )}
      <CommuneSearch
        value={draft.communeCode}
        onChange={(communeCode) => set({ communeCode })}
        idPrefix={idPrefix}
      />
      <fieldset>
        <legend>{t('myData.profile.first')}</legend>
        {(['yes', 'no'] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="firstParticipation"
              value={value}
              checked={draft.first === value}
              onChange={() => set({ first: value })}
            />{' '}
            {t(value === 'yes' ? 'common.yes' : 'common.no')}
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input
          type="checkbox"
          name="profileConsent"
          checked={consent}
          onChange={(event) => onConsent(event.target.checked)}
          aria-invalid={consentInvalid ? true : undefined}
          aria-describedby={consentInvalid ? describedBy : undefined}
        />{' '}
        {consentLabel}
      </label>
    </>
  );
}
