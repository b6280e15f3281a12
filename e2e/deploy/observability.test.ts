import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { parse, stringify } from 'yaml';
import { DispatcherMetrics } from '../../apps/dispatcher/src/timers/dispatcher-metrics';

const ROOT = join(__dirname, '..', '..');
const RULES = join(ROOT, 'deploy', 'prometheus', 'stepwise-rules.yaml');
const RULE_TESTS = join(ROOT, 'deploy', 'prometheus', 'stepwise-rules.test.yaml');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'stepwise.json');

/** Debian's promtool: on PATH, or extracted by scripts/lib/prepare.sh (ensure_promtool). */
function promtool(): string {
  const local = join(ROOT, '.local', 'tools', 'prometheus', 'usr', 'bin', 'promtool');
  if (existsSync(local)) return local;
  return 'promtool';
}

const run = (...args: string[]) =>
  execFileSync(promtool(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !file.includes(`${join('src', 'generated')}`));
}

/** Every prom-client metric the services define, read from their sources. */
function definedMetrics(): Set<string> {
  const names = new Set<string>();
  for (const root of ['apps', 'libs']) {
    for (const project of readdirSync(join(ROOT, root))) {
      const src = join(ROOT, root, project, 'src');
      if (!existsSync(src)) continue;
      for (const file of sourceFiles(src)) {
        for (const match of readFileSync(file, 'utf8').matchAll(/'((?:stepwise|dispatcher|channel|http)_[a-z_]+)'/g)) {
          names.add(match[1] as string);
        }
      }
    }
  }
  return names;
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
const dashboardExpressions = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
);
const rules = parse(readFileSync(RULES, 'utf8')) as {
  groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
};
const recorded = new Set(rules.groups.flatMap((g) => g.rules.map((r) => r.record)).filter(Boolean));

const METRIC = /\b((?:stepwise|dispatcher|channel_email|http_request)_[a-z_]+)\b/g;
const metricsIn = (expr: string) =>
  [...expr.matchAll(METRIC)].map((m) => (m[1] as string).replace(/_(bucket|count|sum)$/, ''));

describe('alert rules and the Grafana dashboard', () => {
  test('promtool accepts the rules, and its rule tests pass: the lateness alerts fire on late steps and only then', () => {
    expect(run('check', 'rules', RULES)).toMatch(/SUCCESS/);
    expect(run('test', 'rules', RULE_TESTS)).toMatch(/SUCCESS/);
  });

  test('every dashboard query is valid PromQL', () => {
    // promtool checks expressions inside rule files: each panel query becomes a recording rule.
    const asRules = {
      groups: [
        {
          name: 'dashboard',
          rules: dashboardExpressions.map(({ expr }, i) => ({
            record: `dashboard:query_${i}`,
            expr: expr.replaceAll('$__rate_interval', '5m'),
          })),
        },
      ],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'stepwise-dashboard-')), 'queries.yaml');
    writeFileSync(file, stringify(asRules));
    expect(run('check', 'rules', file)).toMatch(new RegExp(`SUCCESS: ${dashboardExpressions.length} rules found`));
  });

  test('the dashboard and the rules name only metrics the services define, and recording rules that exist', () => {
    const defined = definedMetrics();
    const expressions = [
      ...dashboardExpressions,
      ...rules.groups.flatMap((g) => g.rules.map((r) => ({ panel: r.alert ?? r.record, expr: r.expr }))),
    ];
    const unknown = expressions.flatMap(({ panel, expr }) =>
      metricsIn(expr)
        .filter((name) => !defined.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
    const usedRecordings = expressions.flatMap(({ expr }) =>
      [...expr.matchAll(/\b(stepwise:[a-z0-9_:]+)/g)].map((m) => m[1]),
    );
    expect(usedRecordings.filter((name) => !recorded.has(name))).toEqual([]);
    // The dashboard covers lateness, backlog, sends, breakers and consumer lag.
    const used = new Set(dashboardExpressions.flatMap(({ expr }) => metricsIn(expr)));
    for (const name of [
      'dispatcher_timer_lateness_seconds',
      'dispatcher_timers_due_pending',
      'stepwise_channel_step_outcomes_total',
      'stepwise_channel_provider_circuit_open',
      'stepwise_kafka_consumer_lag',
    ]) {
      expect(used).toContain(name);
    }
  });

  test("the SLO's 1 s threshold is a bucket boundary of the dispatcher's lateness histogram", async () => {
    const registry = new Registry();
    new DispatcherMetrics(registry).lateness.observe(0.5);
    expect(await registry.metrics()).toMatch(/^dispatcher_timer_lateness_seconds_bucket\{le="1"\} 1$/m);
  });
});
