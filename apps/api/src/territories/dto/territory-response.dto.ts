import { ApiProperty } from '@nestjs/swagger';
import {
  TERRITORY_LEVELS,
  type TerritoryDetailResponse,
  type TerritoryLevel,
  type TerritorySummary,
  type TerritoryTreeNode,
} from '@permanente/contracts';

// These classes only describe the responses for the OpenAPI document; the services
// return the plain contract types they implement.

export class TerritorySummaryDto implements TerritorySummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '45' }) code!: string;
  @ApiProperty({ type: String, nullable: true, example: '45' }) inseeCode!: string | null;
  @ApiProperty({ example: 'Loiret' }) name!: string;
  @ApiProperty({ enum: TERRITORY_LEVELS }) level!: TerritoryLevel;
  @ApiProperty({ type: Number, nullable: true, example: 691268 }) population!: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
}

export class TerritoryTreeNodeDto extends TerritorySummaryDto implements TerritoryTreeNode {
  @ApiProperty({ type: () => [TerritoryTreeNodeDto] }) children!: TerritoryTreeNodeDto[];
}

export class TerritoryDetailDto extends TerritorySummaryDto implements TerritoryDetailResponse {
  @ApiProperty({ type: [TerritorySummaryDto], description: 'Widest first' })
  ancestors!: TerritorySummaryDto[];
  @ApiProperty({ type: [TerritorySummaryDto] }) children!: TerritorySummaryDto[];
  @ApiProperty({ type: Number, nullable: true }) childrenPopulation!: number | null;
}
