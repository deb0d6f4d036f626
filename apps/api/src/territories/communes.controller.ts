import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommuneSummary } from '@permanente/contracts';
import type { Request } from 'express';
import { Public } from '../auth/access.decorators';
import { ApiErrors, ApiOkContract } from '../openapi/api-contract.decorator';
import { CensusService } from './census.service';
import { CommuneSearchDto } from './dto/commune-search.dto';

@ApiTags('territories')
@Controller('communes')
export class CommunesController {
  constructor(private readonly census: CensusService) {}

  /** For the optional profile's "commune of residence": public geography, rate-limited. */
  @Public()
  @Get()
  @ApiOkContract(['CommuneSummary'], 'At most 10 communes by name or postcode, most populous first')
  @ApiErrors(400, 429)
  search(@Query() query: CommuneSearchDto, @Req() request: Request): Promise<CommuneSummary[]> {
    return this.census.search(query.q, request.ip ?? 'unknown');
  }
}
