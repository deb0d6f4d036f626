import { Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { CoverageService } from './coverage.service';
import { InitiativesController } from './initiatives.controller';
import { InitiativesService } from './initiatives.service';
import { ToursController, TourStopsController } from './tours.controller';
import { ToursService } from './tours.service';

/** The tour: its stops, the local initiatives met, and the coverage of the territory. */
@Module({
  imports: [TerritoriesModule],
  controllers: [ToursController, TourStopsController, InitiativesController],
  providers: [ToursService, InitiativesService, CoverageService],
  exports: [ToursService, InitiativesService],
})
export class TourModule {}
