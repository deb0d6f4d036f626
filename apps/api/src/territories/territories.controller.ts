import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { TerritoryDetailResponse, TerritoryTreeNode } from '@permanente/contracts';
import { Public } from '../auth/access.decorators';
import { ApiError, ApiErrors, ApiOkContract } from '../openapi/api-contract.decorator';
import { TerritoryParamsDto } from './dto/territory-params.dto';
import { TerritoriesService } from './territories.service';

@ApiTags('territories')
@Public()
@Controller('territories')
export class TerritoriesController {
  constructor(private readonly territories: TerritoriesService) {}

  @Get()
  @ApiOkContract(
    ['TerritoryTreeNode'],
    'The territory tree (region → départements → bassins de vie)',
  )
  findTree(): Promise<TerritoryTreeNode[]> {
    return this.territories.findTree();
  }

  @Get(':id')
  @ApiOkContract('TerritoryDetailResponse', 'The territory, its ancestors and its children')
  @ApiError(400, 'The id is not a UUID')
  @ApiErrors(404)
  findOne(@Param() params: TerritoryParamsDto): Promise<TerritoryDetailResponse> {
    return this.territories.findOne(params.id);
  }
}
