import { ApiProperty, PickType } from '@nestjs/swagger';
import { PANEL_CONTRIBUTION_MAX, type PanelContributionRequest } from '@permanente/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { CreateProposalDto } from '../../proposals/dto/proposal.dto';

/** One adopted proposal: the same fields and rules as a proposal typed in by staff. */
export class PanelContributionItemDto extends PickType(CreateProposalDto, [
  'title',
  'need',
  'action',
  'themes',
] as const) {}

export class PanelContributionDto implements PanelContributionRequest {
  @ApiProperty({ type: [PanelContributionItemDto], minItems: 1, maxItems: PANEL_CONTRIBUTION_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PANEL_CONTRIBUTION_MAX)
  @ValidateNested({ each: true })
  @Type(() => PanelContributionItemDto)
  proposals!: PanelContributionItemDto[];
}
