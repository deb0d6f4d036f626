import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditEntryResponse, Page } from '@permanente/contracts';
import { Staff } from '../auth/access.decorators';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Staff('organiser')
  @Get()
  @ApiOkResponse({ description: 'Staff actions, newest first' })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(query.limit, query.offset, query.action);
  }
}
