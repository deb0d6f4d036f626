import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * A field that may be left out, but is validated whenever it is sent, `null` included: so
 * `{"title": null}` on a PATCH is a 400 naming `body.title` (IsString refuses it), never a
 * null reaching the service and the database. class-validator's IsOptional skips `null` too:
 * keep it only for fields whose type admits null (`website?: string | null`), where null
 * means "clear it".
 */
export function Omittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/**
 * For PartialType: its fields may be left out, but a `null` sent is validated (and refused
 * unless the original field admits null). Without it, PartialType would let null through.
 */
export const NULL_IS_A_VALUE = { skipNullProperties: false } as const;
