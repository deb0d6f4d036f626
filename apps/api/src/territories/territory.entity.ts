import type { TerritoryLevel } from '@permanente/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('territories')
export class TerritoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable, unique: the INSEE code where one exists, else a slug (`bv-18-vierzon`). */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ name: 'insee_code', type: 'text', nullable: true })
  inseeCode!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: TerritoryLevel;

  @Column({ type: 'integer', nullable: true })
  population!: number | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
