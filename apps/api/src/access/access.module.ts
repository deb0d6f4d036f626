import { Global, Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { AccessRepository } from './access.repository';
import { AccessService } from './access.service';

@Global()
@Module({
  imports: [TerritoriesModule],
  providers: [AccessService, AccessRepository],
  exports: [AccessService],
})
export class AccessModule {}
