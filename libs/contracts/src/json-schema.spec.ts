import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTopicSchemas } from './json-schema';
import { Topics } from './topics';

describe('exported JSON Schema files', () => {
  it('cover every topic and match what the zod schemas render (run npm run contracts:export)', () => {
    const rendered = renderTopicSchemas();
    expect(rendered.map((r) => r.fileName).sort()).toEqual(
      Object.values(Topics)
        .map((t) => `${t}.json`)
        .sort(),
    );
    for (const { fileName, content } of rendered) {
      const committed = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'schemas', fileName), 'utf8');
      expect(committed).toEqual(content);
    }
  });
});
