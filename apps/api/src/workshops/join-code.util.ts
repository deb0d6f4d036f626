import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@permanente/contracts';
import { randomInt } from 'node:crypto';

/** A random join code from an alphabet without look-alike characters (31^6 ≈ 887 million). */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++)
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
