import type { InitiativeKind } from '@permanente/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A local initiative met on the tour. */
@Entity('initiatives')
export class InitiativeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  kind!: InitiativeKind;

  @Column({ type: 'text', array: true })
  themes!: string[];

  @Column({ name: 'territory_id', type: 'uuid' })
  territoryId!: string;

  @Column({ name: 'public_contact', type: 'text' })
  publicContact!: string;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ name: 'stop_id', type: 'uuid', nullable: true })
  stopId!: string | null;

  /** Lower-case, accents removed: what the text search matches. */
  @Column({ name: 'search_text', type: 'text' })
  searchText!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
