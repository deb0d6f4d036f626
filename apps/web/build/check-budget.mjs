// The participant path's JavaScript budget: the sum of the brotli-compressed sizes (the
// `.br` files the build writes, which is what a phone downloads) of the entry chunk and every
// chunk it imports statically. Exits 1 above the budget. Run after the web build:
//   node apps/web/build/check-budget.mjs [outDir]
// The browser test suite runs it (apps/web-e2e/src/server/bundle-budget.spec.ts).
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { participantFiles, readViteManifest } from './participant-chunks.mjs';

/** 100 KB = 100,000 bytes of brotli, the goal of issue 13. */
export const PARTICIPANT_JS_BUDGET_BYTES = 100_000;

/** @param {string} outDir */
export function participantJsSizes(outDir) {
  const { js } = participantFiles(readViteManifest(outDir));
  return js.map((file) => {
    const path = join(outDir, file);
    if (!existsSync(`${path}.br`)) throw new Error(`${file}.br is missing: was the build run?`);
    return { file, raw: statSync(path).size, brotli: statSync(`${path}.br`).size };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? 'dist/apps/web');
  const sizes = participantJsSizes(outDir);
  const total = sizes.reduce((sum, size) => sum + size.brotli, 0);
  for (const size of sizes)
    console.log(`${size.file}: ${size.raw} bytes, ${size.brotli} bytes brotli`);
  const verdict = total <= PARTICIPANT_JS_BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `participant JS: ${total} bytes brotli, ${verdict} the budget of ${PARTICIPANT_JS_BUDGET_BYTES}`,
  );
  if (total > PARTICIPANT_JS_BUDGET_BYTES) process.exit(1);
}
