import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** One day of the tour in a bassin de vie. Its programme is in `tour_stop_moments`. */
@Entity('tour_stops')
export class TourStopEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tour_id', type: 'uuid' })
  tourId!: string;

  /** `YYYY-MM-DD` */
  @Column({ type: 'date' })
  day!: string;

  /** `HH:MM:SS` as PostgreSQL gives a `time`. */
  @Column({ name: 'starts_at', type: 'time' })
  startsAt!: string;

  @Column({ name: 'ends_at', type: 'time' })
  endsAt!: string;

  @Column({ name: 'territory_id', type: 'uuid' })
  territoryId!: string;

  @Column({ name: 'place_name', type: 'text' })
  placeName!: string;

  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  @Column({ name: 'workshop_id', type: 'uuid', nullable: true })
  workshopId!: string | null;

  @Column({ type: 'text' })
  notes!: string;

  @Column({ type: 'text' })
  report!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
