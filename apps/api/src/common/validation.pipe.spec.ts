import { IsInt, IsOptional, IsString, Max, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { PartialType } from '@nestjs/swagger';
import { InvalidFieldsException } from './invalid-fields.exception';
import { NULL_IS_A_VALUE, Omittable } from './omittable.decorator';
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

class CreateThingDto {
  @IsString() name!: string;
  @Omittable() @IsString() note?: string;
  @IsOptional() @IsString() website?: string | null;
}
class UpdateThingDto extends PartialType(CreateThingDto, NULL_IS_A_VALUE) {}

describe('AppValidationPipe and nulls', () => {
  const pipe = new AppValidationPipe();
  const refusedFields = (value: unknown, metatype: new () => object) =>
    pipe.transform(value, { type: 'body', metatype }).then(
      () => [],
      (error: FieldValidationException) => error.getFields().map((field) => field.field),
    );

  it('refuses null where the type has no null, and lets a nullable field be cleared', async () => {
    expect(await refusedFields({ name: 'a', note: null }, CreateThingDto)).toEqual(['body.note']);
    expect(await refusedFields({ name: null }, UpdateThingDto)).toEqual(['body.name']);
    expect(await refusedFields({ note: null }, UpdateThingDto)).toEqual(['body.note']);
    expect(await refusedFields({ website: null }, UpdateThingDto)).toEqual([]);
    expect(await refusedFields({}, UpdateThingDto)).toEqual([]);
  });
});

describe('AppValidationPipe and bad characters', () => {
  it('refuses NUL and lone surrogates in params, query and body before any other rule', async () => {
    const pipe = new AppValidationPipe();
    const refusal = (value: unknown, type: 'body' | 'query' | 'param', data?: string) =>
      pipe.transform(value, { type, data, metatype: data ? String : ExampleDto }).then(
        () => null,
        (error: InvalidFieldsException) => {
          expect(error).toBeInstanceOf(InvalidFieldsException);
          expect(error.status).toBe(400);
          return error.getFields();
        },
      );
    expect(await refusal('a\u0000b', 'param', 'id')).toEqual([
      { field: 'params.id', code: 'nulCharacter', reason: 'id contains a NUL character (U+0000)' },
    ]);
    expect((await refusal({ q: '\ud800' }, 'query'))?.[0].field).toBe('query.q');
    expect(
      (await refusal({ title: 'ok', dots: 1, place: { town: 'x\u0000' } }, 'body'))?.[0].field,
    ).toBe('body.place.town');
    // The caller and other server-made arguments are not input.
    await expect(pipe.transform('a\u0000', { type: 'custom', metatype: String })).resolves.toBe(
      'a\u0000',
    );
  });
});
