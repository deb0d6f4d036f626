import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A one-off data load that has run (e.g. `demo/territories@1`); each runs once. */
@Entity('seed_runs')
export class SeedRunEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}
