import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@permanente/contracts';
import { randomInt } from 'node:crypto';

/** A random join code; look-alikes typed for its characters are normalised (33^6 ≈ 1.3 billion). */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++)
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
