import { Inject, Injectable } from '@nestjs/common';
import type { CommuneSummary, ParticipantProfile } from '@permanente/contracts';
import { invalidField } from '../common/invalid-fields.exception';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { CensusRepository } from './census.repository';
import { DomainError } from '../common/domain-error';

/** Searches per client address per minute: a room of phones typing behind one NAT. */
export const COMMUNE_SEARCHES_PER_IP_PER_MINUTE = 600;

/** Lower case, no accents, hyphens and apostrophes as spaces: "Saint-Aignan" → "saint aignan". */
export function foldPlaceName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Finding a commune for the profile. */
@Injectable()
export class CensusService {
  constructor(
    private readonly census: CensusRepository,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  /** At most 10 communes matching a name's beginning or a postcode's first digits. */
  async search(query: string, ip: string): Promise<CommuneSummary[]> {
    const decision = await this.limiter.consume(
      `communes:search:${ip}`,
      COMMUNE_SEARCHES_PER_IP_PER_MINUTE,
      60_000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException('Too many searches; wait a moment', decision.retryAfterMs);
    const folded = foldPlaceName(query);
    if (folded.length < 2) return [];
    return this.census.search(folded, 10);
  }

  exists(code: string): Promise<boolean> {
    return this.census.exists(code);
  }

  /**
   * The one check of a "who have we heard" profile wherever it is given (a phone, the
   * panels' open call, a paper sheet): stored only with consent, the commune must be known.
   * `field` is where the profile sits in the request (`body.profile`). Returns a copy of the
   * answers to store: the answers left out are not kept.
   */
  async consentedProfile(
    profile: ParticipantProfile,
    consent: boolean | undefined,
    field = 'body.profile',
  ): Promise<ParticipantProfile> {
    if (consent !== true)
      throw new DomainError('invalid', 'Profile answers are stored only with profileConsent: true');
    const commune = profile.communeCode;
    if (commune !== undefined && !(await this.census.exists(commune)))
      throw invalidField(
        `${field}.communeCode`,
        `no commune has the code ${commune}`,
        'unknownCommune',
      );
    return { ...profile };
  }
}
