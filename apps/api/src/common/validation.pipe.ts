import {
  ArgumentMetadata,
  BadRequestException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import type { FieldError } from '@permanente/contracts';
import { InvalidFieldsException } from './invalid-fields.exception';
import { findBadText } from './text-hygiene';

/** Where a value came from, as named in error messages. */
const LOCATION: Record<ArgumentMetadata['type'], string> = {
  body: 'body',
  query: 'query',
  param: 'params',
  custom: 'input',
};

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = `${prefix}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, reason]) => ({
      field,
      reason:
        code === 'whitelistValidation' ? `${error.property} is not an accepted field` : reason,
      code,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The one global ValidationPipe: unknown fields are refused, values are converted to their
 * declared types, and a refusal is a 400 listing each field, where it was and why. Before
 * anything else, every string of the route's params, query and body (keys included) is
 * checked for NUL and lone surrogates (text-hygiene.ts), whatever the DTO declares.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // 'custom' arguments (the caller, the request) are the server's own, not input.
    if (metadata.type !== 'custom') {
      const location = LOCATION[metadata.type];
      const refused = findBadText(value, metadata.data ? `${location}.${metadata.data}` : location);
      if (refused.length > 0) throw new InvalidFieldsException(refused);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof FieldValidationException) {
        error.locate(LOCATION[metadata.type]);
      }
      throw error;
    }
  }

  override createExceptionFactory() {
    return (errors: ValidationError[] = []) => new FieldValidationException(errors);
  }
}

export class FieldValidationException extends BadRequestException {
  private fields: FieldError[] = [];

  constructor(private readonly errors: ValidationError[]) {
    super('Some fields are invalid');
    this.locate('input');
  }

  locate(location: string): void {
    this.fields = flatten(this.errors, location);
  }

  getFields(): FieldError[] {
    return this.fields;
  }
}
