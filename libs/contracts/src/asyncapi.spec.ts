import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { renderAsyncApi } from './asyncapi';
import { topicCatalog } from './catalog';
import { Topics } from './topics';

const ROOT = join(__dirname, '..', '..', '..');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('AsyncAPI document (docs/asyncapi.json)', () => {
  const rendered = renderAsyncApi(version);

  it('matches what the catalog renders (run npm run contracts:export)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'asyncapi.json'), 'utf8')).toEqual(rendered);
  });

  it('is a valid AsyncAPI 3 document with a channel per topic and an operation per producer and consumer', async () => {
    const { document, diagnostics } = await new Parser().parse(rendered);
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const addresses = document
      ?.channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses?.sort()).toEqual(Object.values(Topics).sort());
    const expectedOperations = Object.values(topicCatalog).reduce(
      (n, e) => n + e.producers.length + e.consumers.length,
      0,
    );
    expect(document?.operations().all()).toHaveLength(expectedOperations);
    const stepDue = document
      ?.channels()
      .all()
      .find((c) => c.address() === Topics.emailStepDue);
    expect(
      stepDue
        ?.messages()
        .all()
        .map((m) => m.name()),
    ).toEqual(['step.due.v1']);
  });

  it('the parser refuses a document whose payload is not a schema', async () => {
    const broken = JSON.parse(rendered) as { components: { messages: Record<string, { payload: unknown }> } };
    const first = Object.values(broken.components.messages)[0] as { payload: unknown };
    first.payload = { type: 'no-such-type' };
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)).toBe(true);
  });
});
