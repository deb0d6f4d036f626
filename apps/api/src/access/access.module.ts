import { Global, Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { AccessService } from './access.service';

@Global()
@Module({ imports: [TerritoriesModule], providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
