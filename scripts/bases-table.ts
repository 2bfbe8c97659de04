// Prints the shipped bases as the markdown table of docs/base-models.md and docs/science.md,
// read from their sidecars (resources/base-models/*.json).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BASE_MODELS } from '../src-main/engine/base-models';

const dir = resolve(import.meta.dirname, '../resources/base-models');
console.log(
  '| base | shape | params | SFT steps | final loss | SFT time | held-out avg@8 ± s.e. | pass@8 |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const b of BASE_MODELS) {
  const file = `${dir}/${b.name}.json`;
  if (!existsSync(file)) {
    console.log(`| \`${b.name}\` | — | — | — | — | — | not made yet | — |`);
    continue;
  }
  const s = JSON.parse(readFileSync(file, 'utf8'));
  const e = s.eval[0];
  const m = b.model;
  console.log(
    `| \`${b.name}\` | ${m.layers} layers × ${m.dModel} | ${(s.params / 1e6).toFixed(3)}M | ${s.steps} | ${s.finalLoss.toFixed(3)} | ${Math.round(s.sftSeconds)} s | ${(e.avgAtK * 100).toFixed(1)}% ± ${(e.stdErr * 100).toFixed(1)} | ${(e.passAtK * 100).toFixed(1)}% |`,
  );
}
