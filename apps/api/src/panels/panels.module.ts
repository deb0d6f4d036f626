import { Module } from '@nestjs/common';
import { PanelDrawsService } from './panel-draws.service';
import { PanelsController } from './panels.controller';
import { PanelsService } from './panels.service';
import { SortitionRunner } from './sortition-runner.service';

@Module({
  controllers: [PanelsController],
  providers: [PanelsService, PanelDrawsService, SortitionRunner],
  exports: [PanelsService, PanelDrawsService, SortitionRunner],
})
export class PanelsModule {}
