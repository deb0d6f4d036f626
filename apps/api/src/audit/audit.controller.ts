import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuditEntryPage } from '@permanente/contracts';
import { Staff } from '../auth/access.decorators';
import { ApiOkContract } from '../openapi/api-contract.decorator';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Staff('organiser')
  @Get()
  @ApiOkContract('AuditEntryPage', 'Staff actions, newest first')
  list(@Query() query: AuditQueryDto): Promise<AuditEntryPage> {
    return this.audit.list(query.limit, query.offset, query.action);
  }
}
