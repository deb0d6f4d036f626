import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerritoriesController } from './territories.controller';
import { TerritoriesRepository } from './territories.repository';
import { TerritoriesService } from './territories.service';
import { TerritoryEntity } from './territory.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TerritoryEntity])],
  controllers: [TerritoriesController],
  providers: [TerritoriesService, TerritoriesRepository],
  exports: [TerritoriesService, TerritoriesRepository],
})
export class TerritoriesModule {}
