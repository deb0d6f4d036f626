import {
  digestOf,
  fingerprint,
  newKeyPair,
  parsePayload,
  SignedFileError,
  signText,
  splitSignedFile,
  verifyText,
  writeSignedFile,
} from './field-signing';

describe('field signing (Ed25519)', () => {
  const keys = newKeyPair();
  const other = newKeyPair();

  it('verifies exactly the bytes signed, with the right key only', () => {
    const signature = signText(keys.privateKey, '{"a":1}');
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    expect(verifyText(keys.publicKey, '{"a":1}', signature)).toBe(true);
    expect(verifyText(keys.publicKey, '{"a":2}', signature)).toBe(false);
    expect(verifyText(other.publicKey, '{"a":1}', signature)).toBe(false);
    // Another spelling of the same signature, or garbage, is refused, never thrown.
    expect(verifyText(keys.publicKey, '{"a":1}', signature.toUpperCase())).toBe(false);
    expect(verifyText(keys.publicKey, '{"a":1}', 'zz')).toBe(false);
    expect(verifyText('not a key', '{"a":1}', signature)).toBe(false);
  });

  it('refuses a signed file changed by any one byte', () => {
    const file = writeSignedFile(keys.privateKey, { kitId: 'k', rows: [1, 2, 3] });
    const { payload, signature } = splitSignedFile(file);
    expect(parsePayload<{ kitId: string }>(payload).kitId).toBe('k');
    expect(verifyText(keys.publicKey, payload, signature)).toBe(true);
    for (let at = 0; at < file.length; at++) {
      const byte = file[at] === '0' ? '1' : '0';
      const altered = file.slice(0, at) + byte + file.slice(at + 1);
      let accepted = false;
      try {
        const parts = splitSignedFile(altered);
        accepted = verifyText(keys.publicKey, parts.payload, parts.signature);
      } catch (error) {
        expect(error).toBeInstanceOf(SignedFileError);
      }
      expect({ at, accepted }).toEqual({ at, accepted: false });
    }
    expect(() => splitSignedFile(`${file}\n`)).toThrow(SignedFileError);
    expect(() => splitSignedFile(file.slice(0, -1))).toThrow(SignedFileError);
  });

  it('names keys and payloads by their SHA-256', () => {
    expect(fingerprint(keys.publicKey)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(keys.publicKey)).not.toBe(fingerprint(other.publicKey));
    expect(digestOf('x')).toBe(digestOf('x'));
    expect(() => parsePayload('[1]')).toThrow(SignedFileError);
  });
});
