import { DEMO_SEED_LOCK, withAdvisoryLock } from '../database/advisory-lock';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { DataSource, In } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import centreValDeLoire from '../territories/data/centre-val-de-loire.territories.json';
import { TerritoriesService } from '../territories/territories.service';
import { TerritoryEntity } from '../territories/territory.entity';
import { WorkshopEntity } from '../workshops/workshop.entity';
import { CampaignsService } from '../campaigns/campaigns.service';
import { AgendaService } from '../live/agenda.service';
import { seedDemoPanels } from '../panels/panel-demo';
import { PanelPoolService } from '../panels/panel-pool.service';
import { PanelsService } from '../panels/panels.service';
import { seedDemoProposals } from '../proposals/proposals-demo';
import { InitiativesService } from '../tour/initiatives.service';
import { seedDemoTour } from '../tour/tour-demo';
import { ToursService } from '../tour/tours.service';
import { DEMO_ACCOUNTS, DEMO_CAMPAIGN, DEMO_WORKSHOP } from './demo-accounts';
import { DemoRepository } from './demo.repository';

interface SeedStep {
  /** Versioned name: a changed step gets a new name and runs once more. */
  name: string;
  run(): Promise<string>;
}

/**
 * Loads the demonstration data once. Each step is recorded in `seed_runs`, so a restart
 * never loads it again and never overwrites what people changed since.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoData');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly demo: DemoRepository,
    private readonly territories: TerritoriesService,
    private readonly accounts: AccountsService,
    private readonly campaigns: CampaignsService,
    private readonly panels: PanelsService,
    private readonly panelPool: PanelPoolService,
    private readonly tours: ToursService,
    private readonly initiatives: InitiativesService,
    private readonly agenda: AgendaService,
  ) {}

  private steps(): SeedStep[] {
    return [
      {
        name: 'demo/territories@1',
        run: async () => {
          const file: unknown = this.config.territoriesFile
            ? JSON.parse(readFileSync(this.config.territoriesFile, 'utf8'))
            : centreValDeLoire;
          const { created, updated } = await this.territories.importFile(file);
          return `${created} territories created, ${updated} updated`;
        },
      },
      {
        name: 'demo/accounts@1',
        run: async () => {
          for (const account of DEMO_ACCOUNTS) {
            const scopes = await this.dataSource
              .getRepository(TerritoryEntity)
              .findBy({ code: In(account.scopeCodes) });
            await this.accounts.create(null, {
              ...account,
              scopeTerritoryIds: scopes.map((scope) => scope.id),
            });
          }
          return `${DEMO_ACCOUNTS.length} staff accounts`;
        },
      },
      {
        name: 'demo/workshops@1',
        run: async () => {
          const territory = await this.dataSource
            .getRepository(TerritoryEntity)
            .findOneByOrFail({ code: DEMO_WORKSHOP.territoryCode });
          await this.dataSource.getRepository(WorkshopEntity).save({
            code: DEMO_WORKSHOP.code,
            title: DEMO_WORKSHOP.title,
            kind: 'fabrik',
            status: 'scheduled',
            territoryId: territory.id,
            place: DEMO_WORKSHOP.place,
            startsAt: null,
            createdBy: null,
          });
          return `workshop ${DEMO_WORKSHOP.title} (code ${DEMO_WORKSHOP.code})`;
        },
      },
      {
        name: 'demo/campaign@1',
        run: async () => {
          const region = await this.dataSource
            .getRepository(TerritoryEntity)
            .findOneByOrFail({ code: DEMO_CAMPAIGN.territoryCode });
          const { territoryCode: _code, ...campaign } = DEMO_CAMPAIGN;
          const created = await this.campaigns.create(null, {
            ...campaign,
            territoryId: region.id,
          });
          await this.dataSource
            .getRepository(WorkshopEntity)
            .update({ code: DEMO_WORKSHOP.code }, { campaignId: created.id });
          return `campaign ${created.title}`;
        },
      },
      {
        name: 'demo/panels@1',
        run: async () => {
          const campaign = await this.campaigns.get(DEMO_CAMPAIGN.slug);
          return seedDemoPanels(this.dataSource, this.panels, this.panelPool, campaign.id);
        },
      },
      {
        name: 'demo/tour@1',
        run: async () => {
          const campaign = await this.campaigns.get(DEMO_CAMPAIGN.slug);
          return seedDemoTour(
            this.dataSource,
            this.tours,
            this.initiatives,
            campaign.id,
            DEMO_WORKSHOP.code,
          );
        },
      },
      {
        // The demo Fabrik comes with the 2017 run sheet, live, its welcome open: a phone that
        // joins with the code sees an activity at once. Left alone if people built an agenda.
        name: 'demo/run-sheet@1',
        run: async () => {
          const workshop = await this.dataSource
            .getRepository(WorkshopEntity)
            .findOneByOrFail({ code: DEMO_WORKSHOP.code });
          const n = await this.demo.activityCount(workshop.id);
          if (n > 0) return `the demo workshop already has ${n} activities: left as it is`;
          const activities = await this.agenda.applyRunSheet(null, workshop.id, 'fabrik-2017');
          if (workshop.status !== 'live') await this.agenda.setStatus(null, workshop.id, 'live');
          await this.agenda.updateActivity(null, workshop.id, activities[0].id, { status: 'open' });
          return `run sheet fabrik-2017 (${activities.length} activities), live, welcome open`;
        },
      },
      {
        name: 'demo/proposals@1',
        run: async () => {
          const campaign = await this.campaigns.get(DEMO_CAMPAIGN.slug);
          return seedDemoProposals(this.dataSource, campaign.id, new Date());
        },
      },
    ];
  }

  /** Runs the steps not yet recorded; returns the names of those it ran. */
  async seed(): Promise<string[]> {
    // Instances starting together with DEMO_DATA take turns: the second finds it all done.
    return withAdvisoryLock(this.dataSource, DEMO_SEED_LOCK, () => this.runPendingSteps());
  }

  private async runPendingSteps(): Promise<string[]> {
    const ran: string[] = [];
    for (const step of this.steps()) {
      if (await this.demo.hasRun(step.name)) continue;
      const summary = await step.run();
      await this.demo.recordRun(step.name);
      this.logger.log(`${step.name}: ${summary}`);
      ran.push(step.name);
    }
    return ran;
  }
}
