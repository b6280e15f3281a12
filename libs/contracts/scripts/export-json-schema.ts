/**
 * Writes one JSON Schema file per topic under docs/schemas/, for publishers outside this repo.
 * Run with `npm run contracts:export`; a unit spec fails when the committed files are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTopicSchemas } from '../src/json-schema';

const outDir = join(__dirname, '..', '..', '..', 'docs', 'schemas');
mkdirSync(outDir, { recursive: true });
for (const { fileName, content } of renderTopicSchemas()) {
  writeFileSync(join(outDir, fileName), content);
  console.log(`wrote docs/schemas/${fileName}`);
}
