import type { FieldError } from '@permanente/contracts';
import { DomainError } from './domain-error';

/**
 * A 400 for a rule the service checks (a date outside the campaign, an unknown territory...),
 * with the same `fields` list as the validation pipe's: `field` is where the value came from
 * (`body.startsOn`), `code` a stable name for the rule. A DomainError `invalid`: a refinement
 * may answer another status with its fields (409 `featuresLocked`, 422 unmeetable quotas).
 */
export class InvalidFieldsException extends DomainError {
  constructor(fields: FieldError[]) {
    super('invalid', fields.map((field) => field.reason).join('; '), undefined, { fields });
    this.name = 'InvalidFieldsException';
  }

  getFields(): FieldError[] {
    return this.extra.fields ?? [];
  }
}

/** One refused field: `invalidField('body.endsOn', 'endsOn is before startsOn', 'dateOrder')`. */
export function invalidField(field: string, reason: string, code: string): InvalidFieldsException {
  return new InvalidFieldsException([{ field, reason, code }]);
}
