import { Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { CoverageService } from './coverage.service';
import { HeardRepository } from './heard.repository';
import { HeardService } from './heard.service';
import { InitiativeRepository } from './initiative.repository';
import { InitiativesController } from './initiatives.controller';
import { InitiativesService } from './initiatives.service';
import { ToursController, TourStopsController } from './tours.controller';
import { TourStopRules } from './tour-stop-rules.service';
import { TourRepository } from './tour.repository';
import { ToursService } from './tours.service';

/** The tour: its stops, the local initiatives met, and the coverage of the territory. */
@Module({
  imports: [TerritoriesModule],
  controllers: [ToursController, TourStopsController, InitiativesController],
  providers: [
    TourRepository,
    InitiativeRepository,
    TourStopRules,
    ToursService,
    InitiativesService,
    CoverageService,
    HeardRepository,
    HeardService,
  ],
  exports: [ToursService, InitiativesService],
})
export class TourModule {}
