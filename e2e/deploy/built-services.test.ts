import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ServiceProcess, dropSchemas, ensureTestDatabase, uniqueName } from '@stepwise/testing';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** The JSON log lines a process printed. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the built services', () => {
  let databaseUrl: string;
  const schemas: string[] = [];

  beforeAll(async () => {
    databaseUrl = await ensureTestDatabase();
  });

  afterAll(async () => {
    await dropSchemas(databaseUrl, schemas);
  });

  test('tests start dist/apps/<service>/main.js, not the TypeScript sources', async () => {
    const schema = uniqueName('built_dispatcher');
    schemas.push(schema);
    const prefix = uniqueName('built');
    const service = new ServiceProcess({
      name: 'built-dispatcher',
      entry: 'apps/dispatcher/src/main.ts',
      port: 3941,
      env: {
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        KAFKA_TOPIC_PREFIX: `${prefix}.`,
        KAFKA_GROUP_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '1',
        KAFKA_CONSUMER_MAX_WAIT_MS: '200',
      },
    });
    await service.start();
    try {
      const commandLine = readFileSync(`/proc/${service.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(commandLine.slice(1)).toEqual([join(ROOT, 'dist', 'apps', 'dispatcher', 'main.js')]);
      expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });

  test('`main.js migrate` applies a release once: concurrent runs wait on the lock and the others apply nothing', async () => {
    const schema = uniqueName('built_migrate');
    schemas.push(schema);
    const migrate = () =>
      run(process.execPath, [join(ROOT, 'dist', 'apps', 'channel-sms', 'main.js'), 'migrate'], {
        cwd: ROOT,
        // Only the database: a migration step needs no provider credentials.
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema },
      });
    const results = await Promise.all([migrate(), migrate(), migrate()]);
    const applied = results.map(
      ({ stdout }) => logLines(stdout).find((l) => l.msg === 'migrations up to date')?.applied,
    );
    const nonEmpty = applied.filter((list) => Array.isArray(list) && list.length > 0);
    expect(nonEmpty).toHaveLength(1);
    expect(nonEmpty[0]).toEqual(readMigrations('channel-sms'));
    expect(applied.filter((list) => Array.isArray(list) && list.length === 0)).toHaveLength(2);
  });

  test('an unknown command exits 2 with the usage', async () => {
    await expect(
      run(process.execPath, [join(ROOT, 'dist', 'apps', 'analytics', 'main.js'), 'migrations'], { cwd: ROOT }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: node dist/apps/<service>/main.js [serve|migrate]'),
    });
  });
});

function readMigrations(service: string): string[] {
  return readdirSync(join(ROOT, 'apps', service, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
