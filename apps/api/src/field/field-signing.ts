import { DomainError } from '../common/domain-error';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';

/** An Ed25519 key pair as base64 DER (private: PKCS#8, public: SPKI). */
export interface FieldKeyPair {
  privateKey: string;
  publicKey: string;
}

/** A file or payload that is not what it should be: a 400 for whoever sent it. */
export class SignedFileError extends DomainError {
  constructor(message: string) {
    super('invalid', message);
    this.name = 'SignedFileError';
  }
}

export function newKeyPair(): FieldKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** The Ed25519 signature of the text's UTF-8 bytes, in hex (128 characters). */
export function signText(privateKey: string, text: string): string {
  const key = createPrivateKey({
    key: Buffer.from(privateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  return sign(null, Buffer.from(text, 'utf8'), key).toString('hex');
}

const SIGNATURE = /^[0-9a-f]{128}$/;

/** Whether `signature` (hex) signs exactly these bytes; any malformed input is false. */
export function verifyText(publicKey: string, text: string, signature: string): boolean {
  // Hex, lower case only: every character counts, so no two spellings of one signature pass.
  if (!SIGNATURE.test(signature)) return false;
  try {
    const key = createPublicKey({
      key: Buffer.from(publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

export function fingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex');
}

export function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A signed file is two lines: the JSON payload (one line) and its signature in hex, each
 * ended by "\n". Anything else (a byte added, removed or changed anywhere) is refused, by the
 * shape here or by the signature.
 */
export function writeSignedFile(privateKey: string, payload: unknown): string {
  const text = JSON.stringify(payload);
  return `${text}\n${signText(privateKey, text)}\n`;
}

export function splitSignedFile(file: string): { payload: string; signature: string } {
  const lines = file.split('\n');
  if (lines.length !== 3 || lines[2] !== '' || !lines[0] || !SIGNATURE.test(lines[1]))
    throw new SignedFileError('Not a signed file: expected a JSON line and a signature line');
  return { payload: lines[0], signature: lines[1] };
}

/** Parses the signed JSON text; a bad shape is a SignedFileError. */
export function parsePayload<T>(payload: string): T {
  try {
    const parsed = JSON.parse(payload) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
    return parsed as T;
  } catch {
    throw new SignedFileError('The signed content is not a JSON object');
  }
}
