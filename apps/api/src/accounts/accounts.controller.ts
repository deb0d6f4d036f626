import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { StaffUserResponse } from '@permanente/contracts';
import { CurrentActor, Staff } from '../auth/access.decorators';
import type { StaffActor } from '../auth/actor';
import { ApiCreatedContract, ApiError, ApiOkContract } from '../openapi/api-contract.decorator';
import { AccountsService } from './accounts.service';
import { AccountParamsDto, CreateAccountDto, UpdateAccountDto } from './dto/account.dto';

@ApiTags('accounts')
@Controller('accounts')
@Staff('organiser')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOkContract(['StaffUserResponse'], 'Every staff account')
  list(): Promise<StaffUserResponse[]> {
    return this.accounts.list();
  }

  @Get(':id')
  @ApiOkContract('StaffUserResponse', 'The account')
  get(@Param() params: AccountParamsDto): Promise<StaffUserResponse> {
    return this.accounts.get(params.id);
  }

  @Post()
  @ApiCreatedContract('StaffUserResponse', 'The account')
  @ApiError(409, 'The email is taken')
  create(
    @CurrentActor() actor: StaffActor,
    @Body() body: CreateAccountDto,
  ): Promise<StaffUserResponse> {
    return this.accounts.create(actor, body);
  }

  @Patch(':id')
  @ApiOkContract('StaffUserResponse', 'The account after the change')
  @ApiError(409, 'It would leave no active organiser')
  update(
    @CurrentActor() actor: StaffActor,
    @Param() params: AccountParamsDto,
    @Body() body: UpdateAccountDto,
  ): Promise<StaffUserResponse> {
    return this.accounts.update(actor, params.id, body);
  }
}
