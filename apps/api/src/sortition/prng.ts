import { createHash } from 'node:crypto';

/** Code-unit order (what `Array.prototype.sort` does by default): independent of any locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SHA-256 of a UTF-8 string, hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Hashes a list of strings unambiguously (each part is prefixed with its UTF-8 byte length), so
 * that ('ab', 'c') and ('a', 'bc') give different keys.
 */
export function hashParts(parts: readonly string[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(bytes.length));
    hash.update(length).update(bytes);
  }
  return hash.digest();
}

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;

/**
 * Deterministic pseudo-random generator: SHA-256 in counter mode. Block i is
 * SHA-256(key ‖ i as 8 bytes big-endian), read as eight big-endian 32-bit words, in order.
 * Anyone can reimplement it in a few lines of any language to re-run a draw.
 */
export class Sha256Prng {
  private counter = 0n;
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The PRNG key must be 32 bytes (a SHA-256 digest)');
    this.key = Buffer.from(key);
  }

  /** A generator keyed by `hashParts(parts)`: e.g. a purpose label, a version, a seed. */
  static fromParts(parts: readonly string[]): Sha256Prng {
    return new Sha256Prng(hashParts(parts));
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    if (this.offset >= this.block.length) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(this.counter);
      this.counter += 1n;
      this.block = createHash('sha256').update(this.key).update(counter).digest();
      this.offset = 0;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /**
   * Uniform integer in [0, n), without modulo bias: 32-bit words at or above the largest multiple
   * of n below 2^32 are rejected and drawn again. n must be an integer in [1, 2^32].
   */
  uniformInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`uniformInt expects an integer in [1, 2^32], got ${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const word = this.nextUint32();
      if (word < limit) return word % n;
    }
  }

  /** Uniform float in [0, 1) with 53 random bits (two words: 21 high bits then 32 low bits). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 11;
    const low = this.nextUint32();
    return (high * TWO_POW_32 + low) / TWO_POW_53;
  }

  /**
   * `count` distinct elements of `items`, uniformly, in the order drawn: a partial
   * Fisher–Yates shuffle of a copy (step i swaps position i with i + uniformInt(n - i)).
   */
  sample<T>(items: readonly T[], count: number): T[] {
    if (!Number.isInteger(count) || count < 0 || count > items.length) {
      throw new RangeError(`Cannot sample ${count} of ${items.length} items`);
    }
    const copy = [...items];
    for (let i = 0; i < count; i += 1) {
      const j = i + this.uniformInt(copy.length - i);
      const chosen = copy[j];
      copy[j] = copy[i];
      copy[i] = chosen;
    }
    return copy.slice(0, count);
  }
}
