import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SeedRunEntity } from './seed-run.entity';

/** The SQL of the demonstration data's bookkeeping: which steps ran, what a step finds. */
@Injectable()
export class DemoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the seed step of this name is recorded in `seed_runs`. */
  hasRun(name: string): Promise<boolean> {
    return this.dataSource.getRepository(SeedRunEntity).existsBy({ name });
  }

  /** Records a seed step (once: another instance may have recorded it meanwhile). */
  async recordRun(name: string): Promise<void> {
    await this.dataSource
      .getRepository(SeedRunEntity)
      .createQueryBuilder()
      .insert()
      .values({ name })
      .orIgnore()
      .execute();
  }

  /** How many activities a workshop's agenda holds. */
  async activityCount(workshopId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM activities WHERE workshop_id = $1`,
      [workshopId],
    );
    return n;
  }
}
