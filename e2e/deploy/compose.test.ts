import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeProblems, renderCompose, type ComposeFile } from './support/compose-check';

const ROOT = join(__dirname, '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const render = () => renderCompose(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
const problems = (compose: ComposeFile) => composeProblems(compose, DOCKERFILE, ROOT);

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
    const sms = compose.services['channel-sms']!.environment as Record<string, string>;
    delete sms.TWILIO_AUTH_TOKEN;
    const email = compose.services['channel-email']!.environment as Record<string, string>;
    email.SMTP_HOSTNAME = 'smtp-sink';
    const enrollment = compose.services.enrollment!.environment as Record<string, string>;
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
    compose.services.dispatcher!.command = ['node', '-r', '@swc-node/register', 'apps/dispatcher/src/main.ts'];
    compose.services.analytics!.command = 'node dist/apps/analytics/main.js';
    compose.services['twilio-fake']!.command = ['sh', '-c', 'node a.js & node b.js'];
    compose.services.enrollment!.volumes = ['.:/app'];
    (compose.services['channel-sms']!.environment as Record<string, string>).SMS_WEBHOOK_BASE_URL =
      'http://127.0.0.1:3003';
    (compose.services['channel-email']!.environment as Record<string, string>).INBOUND_SMTP_HOST = '127.0.0.1';
    (compose.services['channel-social']!.environment as Record<string, string>).SOCIAL_PROVIDER_URL =
      'http://social-simulator:3999';
    delete (compose.services['social-simulator']!.environment as Record<string, string>).SOCIAL_PROVIDER_TOKEN;
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
    expect(runtime).toMatch(/^CMD \["node", "dist\/apps\/[a-z-]+\/main\.js"\]$/m);
    expect(DOCKERFILE).toMatch(/^ARG NODE_IMAGE=node:(22|24)-[a-z]+-slim$/m);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
    expect(ignored).toMatch(/^\*\*\/node_modules$/m);
  });
});
