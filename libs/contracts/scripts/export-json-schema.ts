/**
 * Writes one JSON Schema file per topic under docs/schemas/, for publishers outside this repo, and
 * the AsyncAPI 3 document of every topic to docs/asyncapi.json. Run with `npm run contracts:export`;
 * unit specs fail when the committed files are stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAsyncApi } from '../src/asyncapi';
import { renderTopicSchemas } from '../src/json-schema';

const docs = join(__dirname, '..', '..', '..', 'docs');
const outDir = join(docs, 'schemas');
mkdirSync(outDir, { recursive: true });
for (const { fileName, content } of renderTopicSchemas()) {
  writeFileSync(join(outDir, fileName), content);
  console.log(`wrote docs/schemas/${fileName}`);
}
const { version } = JSON.parse(readFileSync(join(docs, '..', 'package.json'), 'utf8')) as { version: string };
writeFileSync(join(docs, 'asyncapi.json'), renderAsyncApi(version));
console.log('wrote docs/asyncapi.json');
