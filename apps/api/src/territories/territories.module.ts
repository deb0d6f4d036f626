import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CensusImportService } from './census-import.service';
import { CensusRepository } from './census.repository';
import { CensusService } from './census.service';
import { CommunesController } from './communes.controller';
import { TerritoriesController } from './territories.controller';
import { TerritoriesRepository } from './territories.repository';
import { TerritoriesService } from './territories.service';
import { TerritoryEntity } from './territory.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TerritoryEntity])],
  controllers: [TerritoriesController, CommunesController],
  providers: [
    TerritoriesService,
    TerritoriesRepository,
    CensusService,
    CensusImportService,
    CensusRepository,
  ],
  exports: [TerritoriesService, TerritoriesRepository, CensusService, CensusRepository],
})
export class TerritoriesModule {}
