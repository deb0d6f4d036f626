import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse, LivenessResponse } from '@permanente/contracts';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
import { ApiOkContract } from '../openapi/api-contract.decorator';
import { HealthService } from './health.service';

/**
 * `live`: the process runs (always 200 while it does: a restart is the only cure otherwise).
 * `ready`: the database answers (503 otherwise: send no traffic here). `/api/health` is
 * `ready` under its historical name.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOkContract('LivenessResponse', 'The process runs (liveness)')
  live(@Res({ passthrough: true }) response: Response): LivenessResponse {
    response.setHeader('cache-control', 'no-store');
    return this.health.live();
  }

  @Get('ready')
  @ApiOkContract('HealthResponse', 'The API and its database answer (readiness)')
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    return this.check(response);
  }

  @Get()
  @ApiOkContract('HealthResponse', 'The API and its database answer (same as /api/health/ready)')
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const result = await this.health.check();
    if (result.status !== 'ok') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    response.setHeader('cache-control', 'no-store');
    return result;
  }
}
