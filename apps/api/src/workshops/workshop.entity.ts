import type { WorkshopKind, WorkshopStatus } from '@permanente/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('workshops')
export class WorkshopEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The short join code people type or scan. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  kind!: WorkshopKind;

  @Column({ type: 'text' })
  status!: WorkshopStatus;

  /** No new participant may join (those already in stay). */
  @Column({ name: 'entry_locked', type: 'boolean', default: false })
  entryLocked!: boolean;

  @Column({ name: 'territory_id', type: 'uuid' })
  territoryId!: string;

  /** The field kit holding the workshop (bus mode): while set, central refuses changes. */
  @Column({ name: 'checked_out_by', type: 'uuid', nullable: true })
  checkedOutBy!: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId!: string | null;

  @Column({ type: 'text', nullable: true })
  place!: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
