import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PanelContributionRequest, PanelContributionResponse } from '@permanente/contracts';
import { DataSource } from 'typeorm';
import type { StaffActor } from '../auth/actor';
import { ProposalsService } from '../proposals/proposals.service';
import { PanelsService } from './panels.service';

/**
 * The panel's contribution: the proposals it adopted enter the proposals pipeline together,
 * published, with the panel as source (`panel_id`) and as author. All or nothing: one bad
 * proposal and none is stored.
 */
@Injectable()
export class PanelContributionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly panels: PanelsService,
    private readonly proposals: ProposalsService,
  ) {}

  async submit(
    actor: StaffActor,
    panelId: string,
    request: PanelContributionRequest,
  ): Promise<PanelContributionResponse> {
    const panel = await this.panels.get(actor, panelId);
    const proposalIds = await this.dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (const proposal of request.proposals) {
        ids.push(
          await this.proposals.createFromPanel(
            actor,
            {
              panelId: panel.id,
              campaignId: panel.campaignId,
              territoryId: panel.territoryId,
              title: proposal.title,
              need: proposal.need,
              action: proposal.action,
              themes: proposal.themes,
              authors: panel.title,
              publish: true,
            },
            manager,
          ),
        );
      }
      return ids;
    });
    return { proposalIds };
  }
}
