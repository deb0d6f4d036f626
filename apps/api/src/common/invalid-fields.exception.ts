import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@permanente/contracts';

/**
 * A 400 for a rule the service checks (a date outside the campaign, an unknown territory...),
 * with the same `fields` list as the validation pipe's: `field` is where the value came from
 * (`body.startsOn`), `code` a stable name for the rule.
 */
export class InvalidFieldsException extends BadRequestException {
  constructor(private readonly fields: FieldError[]) {
    super(fields.map((field) => field.reason).join('; '));
  }

  getFields(): FieldError[] {
    return this.fields;
  }
}

/** One refused field: `invalidField('body.endsOn', 'endsOn is before startsOn', 'dateOrder')`. */
export function invalidField(field: string, reason: string, code: string): InvalidFieldsException {
  return new InvalidFieldsException([{ field, reason, code }]);
}
