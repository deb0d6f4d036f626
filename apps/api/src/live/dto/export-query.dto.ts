import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CSV_LANGUAGES, type CsvLanguage } from '../csv.util';

/** `?lang=fr|en`: the language of a CSV export's headers and words (else Accept-Language, else French). */
export class ExportLanguageQueryDto {
  @ApiPropertyOptional({ enum: CSV_LANGUAGES, example: 'fr' })
  @IsOptional()
  @IsIn(CSV_LANGUAGES)
  lang?: CsvLanguage;
}
