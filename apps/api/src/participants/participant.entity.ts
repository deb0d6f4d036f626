import type { ParticipantProfile } from '@permanente/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A pseudonymous participant of one workshop: no account, no email. The phone keeps a
 * random token; only its SHA-256 is stored.
 */
@Entity('participants')
export class ParticipantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workshop_id', type: 'uuid' })
  workshopId!: string;

  @Column({ name: 'token_hash', type: 'text', select: false })
  tokenHash!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  /** Self-declared, consented answers for representativeness figures (never identity). */
  @Column({ type: 'jsonb' })
  profile!: ParticipantProfile;

  @Column({ name: 'profile_consent_at', type: 'timestamptz', nullable: true })
  profileConsentAt!: Date | null;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;
}
