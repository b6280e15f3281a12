import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeProblems, renderCompose, type ComposeFile, type ComposeService } from './support/compose-check';

const ROOT = join(__dirname, '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const render = () => renderCompose(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
const problems = (compose: ComposeFile) => composeProblems(compose, DOCKERFILE, ROOT);

function service(compose: ComposeFile, name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}
const envOf = (compose: ComposeFile, name: string) => service(compose, name).environment as Record<string, string>;

// No Docker engine on these machines: the file is rendered as Compose reads it (YAML with merge
// keys) and checked against what each container would run, the build output and the config schemas.
describe('docker-compose.yml', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
  });

  test('every service gets exactly the variables its config schema accepts, and runs a built entry point', () => {
    const compose = render();
    expect(problems(compose)).toEqual([]);
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'enrollment',
        'dispatcher',
        'channel-email',
        'channel-sms',
        'channel-social',
        'analytics',
      ]),
    );
  });

  test('the check refuses a missing required variable, an unknown one and a misspelt one', () => {
    const compose = render();
    const sms = envOf(compose, 'channel-sms');
    delete sms.TWILIO_AUTH_TOKEN;
    const email = envOf(compose, 'channel-email');
    email.SMTP_HOSTNAME = 'smtp-sink';
    const enrollment = envOf(compose, 'enrollment');
    enrollment.SMTP_HOST = 'smtp-sink';
    expect(problems(compose)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^channel-sms: Invalid environment: TWILIO_AUTH_TOKEN: required/),
        'channel-email: SMTP_HOSTNAME is not a variable of its config',
        'enrollment: SMTP_HOST is not a variable of its config',
        expect.stringMatching(/^twilio-fake: TWILIO_AUTH_TOKEN differs from channel-sms's/),
      ]),
    );
  });

  test('the check refuses what made the old file fail: sources, shells, loopback callbacks, default credentials', () => {
    const compose = render();
    service(compose, 'dispatcher').command = ['node', '-r', '@swc-node/register', 'apps/dispatcher/src/main.ts'];
    service(compose, 'analytics').command = 'node dist/apps/analytics/main.js';
    service(compose, 'twilio-fake').command = ['sh', '-c', 'node a.js & node b.js'];
    service(compose, 'enrollment').volumes = ['.:/app'];
    envOf(compose, 'channel-sms').SMS_WEBHOOK_BASE_URL = 'http://127.0.0.1:3003';
    envOf(compose, 'channel-email').INBOUND_SMTP_HOST = '127.0.0.1';
    envOf(compose, 'channel-social').SOCIAL_PROVIDER_URL = 'http://social-simulator:3999';
    delete envOf(compose, 'social-simulator').SOCIAL_PROVIDER_TOKEN;
    expect(problems(compose)).toEqual(
      expect.arrayContaining([
        'twilio-fake: -c is not a built entry point (dist/<apps|tools>/<name>/main.js)',
        'dispatcher: -r is not a built entry point (dist/<apps|tools>/<name>/main.js)',
        'analytics: command must be exec form (a shell forwards no signals): node dist/apps/analytics/main.js',
        'twilio-fake: command must run node itself: sh -c node a.js & node b.js',
        'enrollment: mounts [".:/app"]',
        'channel-sms: SMS_WEBHOOK_BASE_URL=http://127.0.0.1:3003 names no compose service',
        'channel-email: INBOUND_SMTP_HOST=127.0.0.1 listens on loopback, unreachable from other containers',
        'channel-social: SOCIAL_PROVIDER_URL=http://social-simulator:3999, but social-simulator listens on 3011',
        "social-simulator: SOCIAL_PROVIDER_TOKEN differs from channel-social's (undefined vs demo-social-token)",
      ]),
    );
  });

  test('the image installs, generates and builds inside itself and runs as a non-root user with a healthcheck', () => {
    const stages = DOCKERFILE.split(/^FROM\s/m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(DOCKERFILE).toMatch(/^RUN npm ci --ignore-scripts/m);
    expect(DOCKERFILE).toMatch(/prisma-generate\.mjs && node scripts\/build\.mjs/);
    expect(DOCKERFILE).toMatch(/npm ci --omit=dev/);
    const runtime = stages[stages.length - 1] as string;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    // tini forwards SIGTERM and exits with the service; node as PID 1 would ignore the re-raised signal.
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/apps\/[a-z-]+\/main\.js"\]$/m);
    expect(DOCKERFILE).toMatch(/^ARG NODE_IMAGE=node:(22|24)-[a-z]+-slim$/m);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
    expect(ignored).toMatch(/^\*\*\/node_modules$/m);
  });
});
