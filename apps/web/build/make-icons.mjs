// Draws the web app's PNG icons (the installable app's home-screen picture) with nothing but
// node:zlib: a dark blue square with a white speech bubble. Run once after changing the
// drawing: `node apps/web/build/make-icons.mjs`; the PNGs are committed in public/icons.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const out = join(dirname(fileURLToPath(import.meta.url)), '../public/icons');
const BLUE = [0x1f, 0x4e, 0x79];
const WHITE = [0xff, 0xff, 0xff];

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** `safe` shrinks the drawing into the maskable icons' safe zone (80 % circle). */
function icon(size, safe) {
  const scale = safe ? 0.7 : 1;
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      // Coordinates centred on the middle, in units of the (scaled) half size.
      const u = (x + 0.5 - size / 2) / ((size / 2) * scale);
      const v = (y + 0.5 - size / 2) / ((size / 2) * scale);
      // The bubble: an ellipse, plus a small tail at its bottom left.
      const inBubble = (u / 0.62) ** 2 + ((v + 0.08) / 0.46) ** 2 <= 1;
      const inTail = v > 0.2 && v < 0.62 && u > -0.42 && u < -0.1 && u + 0.42 > (v - 0.2) * 0.75;
      // Three dots inside the bubble, in blue.
      const inDot = [-0.3, 0, 0.3].some((cx) => (u - cx) ** 2 + (v + 0.08) ** 2 <= 0.085 ** 2);
      const colour = (inBubble || inTail) && !inDot ? WHITE : BLUE;
      colour.forEach((value, channel) => (row[1 + x * 3 + channel] = value));
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon-192.png'), icon(192, false));
writeFileSync(join(out, 'icon-512.png'), icon(512, false));
writeFileSync(join(out, 'icon-maskable-512.png'), icon(512, true));
writeFileSync(join(out, 'apple-touch-icon.png'), icon(180, true));
