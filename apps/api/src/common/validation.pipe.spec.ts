import { IsInt, IsString, Max, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { AppValidationPipe, FieldValidationException } from './validation.pipe';

class PlaceDto {
  @IsString() @MaxLength(5) town!: string;
}

class ExampleDto {
  @IsString() @MaxLength(10) title!: string;
  @IsInt() @Max(3) dots!: number;
  @ValidateNested() @Type(() => PlaceDto) place!: PlaceDto;
}

async function fieldsOf(value: unknown, type: 'body' | 'query') {
  try {
    await new AppValidationPipe().transform(value, { type, metatype: ExampleDto });
  } catch (error) {
    expect(error).toBeInstanceOf(FieldValidationException);
    expect((error as FieldValidationException).getStatus()).toBe(400);
    return (error as FieldValidationException).getFields();
  }
  throw new Error('expected a refusal');
}

describe('AppValidationPipe', () => {
  it('lists each refused field with where it was, why, and a code', async () => {
    const fields = await fieldsOf(
      { title: 'far too long a title', dots: 9, place: { town: 'Vierzon' } },
      'body',
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        {
          field: 'body.title',
          code: 'maxLength',
          reason: 'title must be shorter than or equal to 10 characters',
        },
        { field: 'body.dots', code: 'max', reason: 'dots must not be greater than 3' },
        {
          field: 'body.place.town',
          code: 'maxLength',
          reason: 'town must be shorter than or equal to 5 characters',
        },
      ]),
    );
  });

  it('refuses fields nobody declared', async () => {
    const fields = await fieldsOf(
      { title: 'ok', dots: 1, place: { town: 'Blois' }, isAdmin: true },
      'query',
    );
    expect(fields).toEqual([
      {
        field: 'query.isAdmin',
        code: 'whitelistValidation',
        reason: 'isAdmin is not an accepted field',
      },
    ]);
  });

  it('passes a valid value through, converted to its class', async () => {
    const value = await new AppValidationPipe().transform(
      { title: 'ok', dots: 2, place: { town: 'Blois' } },
      { type: 'body', metatype: ExampleDto },
    );
    expect(value).toBeInstanceOf(ExampleDto);
  });
});
