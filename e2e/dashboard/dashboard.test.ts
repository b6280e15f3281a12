import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSmtpSink, type SmtpSink } from '@stepwise/smtp-sink';
import { startSocialSimulator, type SocialSimulator } from '@stepwise/social-simulator';
import { startTwilioFake, type TwilioFake } from '@stepwise/twilio-fake';
import { ALLOWED_ACTIONS, RECIPIENT_ACTIONS, type RecipientStatus } from '@stepwise/contracts';
import {
  ServiceProcess,
  StepwiseSystem,
  closedPortUrl,
  dropSchemas,
  ensureTestDatabase,
  uniqueName,
  waitFor,
} from '@stepwise/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousA11yViolations } from './browser';

const ROOT = join(__dirname, '..', '..');
const KEY_ACME = 'dash-acme-key-0123456789abcdef';
const KEY_GLOBEX = 'dash-globex-key-0123456789abcdef';
const TWILIO = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'dash-twilio-token' };
const SOCIAL_TOKEN = 'dash-social-token';
// Enrollment seals connection secrets with it and channel-email opens them: both get the same keys.
const IDENTITY_SECRET_KEYS = `dash1:${randomBytes(32).toString('base64')}`;

/**
 * The recruiter's screens against the real system: six services, the dashboard server as its own
 * process, and Debian's Chromium driving the pages as a person would.
 */
describe('dashboard: the recruiter screens in a real browser against the running system', () => {
  let system: StepwiseSystem;
  let dashboard: ServiceProcess;
  let sink: SmtpSink;
  let twilio: TwilioFake;
  let social: SocialSimulator;
  let databaseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const ids: { emailIdentity: string; smsIdentity: string; tasks: string; sms: string; globex: string } = {
    emailIdentity: '',
    smsIdentity: '',
    tasks: '',
    sms: '',
    globex: '',
  };
  const a11y: Record<string, unknown[]> = {};

  const api = async <T>(key: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${system.url('enrollment')}${path}`, {
      method,
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const check = async (name: string) => {
    await screenshot(page, name);
    a11y[name] = await seriousA11yViolations(page);
  };

  beforeAll(async () => {
    // A fresh clone has no build: the screens under test are the ones built from this checkout.
    execFileSync('npm', ['run', '-s', 'dashboard:build'], { cwd: ROOT, stdio: 'inherit' });
    databaseUrl = await ensureTestDatabase();
    sink = await startSmtpSink({ smtpPort: 0, httpPort: 0 });
    twilio = await startTwilioFake({ port: 0, ...TWILIO });
    social = await startSocialSimulator({ port: 0, token: SOCIAL_TOKEN });
    const run = uniqueName('dash');
    system = new StepwiseSystem({
      basePort: 4060,
      databaseUrl,
      schemaSuffix: `_${run}`,
      env: {
        KAFKA_TOPIC_PREFIX: `${run}.`,
        KAFKA_GROUP_PREFIX: run,
        STEPWISE_API_KEYS: `acme:${KEY_ACME},globex:${KEY_GLOBEX}`,
        LOG_LEVEL: 'warn',
        SMTP_HOST: '127.0.0.1',
        TRACKING_SECRET: 'dash-tracking-secret-0123456789abcdef',
        INBOUND_SMTP_PORT: '0',
        SMTP_PORT: String(sink.smtpPort),
        TWILIO_ACCOUNT_SID: TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TWILIO_API_BASE_URL: twilio.url,
        SOCIAL_PROVIDER_URL: social.url,
        SOCIAL_PROVIDER_TOKEN: SOCIAL_TOKEN,
        IDENTITY_SECRET_KEYS,
        IDENTITY_VERIFY_WAIT_MS: '20000',
        MAILBOX_SYNC_ENABLED: 'false',
      },
    });
    await system.start();
    dashboard = new ServiceProcess({
      name: 'dashboard',
      entry: 'apps/dashboard/server/main.ts',
      port: 4070,
      env: { ENROLLMENT_URL: system.url('enrollment'), ANALYTICS_URL: system.url('analytics') },
    });
    await dashboard.start();
    url = dashboard.url;

    const email = await api<{ id: string }>(KEY_ACME, 'POST', '/v1/identities', {
      channel: 'email',
      address: 'recruiter@acme.example',
      displayName: 'Acme Recruiting',
      dailyLimit: 200,
      workingHours: { days: [1, 2, 3, 4, 5], start: '00:00', end: '24:00', holidays: ['2026-12-25'] },
    });
    const sms = await api<{ id: string }>(KEY_ACME, 'POST', '/v1/identities', {
      channel: 'sms',
      address: '+14155550100',
    });
    ids.emailIdentity = email.id;
    ids.smsIdentity = sms.id;
    const tasks = await api<{ id: string }>(KEY_ACME, 'POST', '/v1/sequences', {
      name: 'Backend engineers',
      steps: [
        {
          kind: 'step',
          id: 'intro',
          type: 'automated_email',
          name: 'Intro email',
          identityId: email.id,
          subject: 'A role for you, {{firstName | "there"}}',
          body: 'Hi {{firstName | "there"}}, we are hiring.',
        },
        { kind: 'step', id: 'call', type: 'task', name: 'Call the candidate', body: 'Phone screen' },
      ],
    });
    ids.tasks = tasks.id;
    const smsSequence = await api<{ id: string }>(KEY_ACME, 'POST', '/v1/sequences', {
      name: 'Text follow-up',
      openTrackingEnabled: false,
      steps: [
        {
          kind: 'step',
          id: 'hello',
          type: 'automated_email',
          name: 'Hello email',
          identityId: email.id,
          subject: 'Hello',
          body: 'Hello there',
        },
        { kind: 'step', id: 'text', type: 'sms', name: 'Text message', identityId: sms.id, body: 'Hi, any news?' },
      ],
    });
    ids.sms = smsSequence.id;
    await api(KEY_ACME, 'POST', `/v1/sequences/${smsSequence.id}/launch`);
    const globex = await api<{ id: string }>(KEY_GLOBEX, 'POST', '/v1/sequences', {
      name: 'Globex secret sequence',
      steps: [{ kind: 'step', id: 't', type: 'task', name: 'Secret task' }],
    });
    ids.globex = globex.id;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await system?.stop();
    await Promise.all([sink?.close(), twilio?.close(), social?.close()]);
    if (system) await dropSchemas(databaseUrl, system.schemas);
  });

  it('refuses an unknown key, then signs in with the tenant key', async () => {
    await page.goto(`${url}/sequences`);
    await page.waitForURL(/\/sign-in$/);
    await check('sign-in');
    await page.getByLabel('Tenant API key').fill('not-a-key-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not known' }).waitFor();
    await signIn(page, KEY_ACME);
  });

  it("lists the tenant's sequences with actions enabled by the rules, and launches one", async () => {
    const row = page.locator(`tr[data-sequence-id="${ids.tasks}"]`);
    await row.waitFor();
    await expectEnabled(row, {
      Launch: true,
      Pause: false,
      Resume: false,
      Duplicate: true,
      Archive: true,
      Delete: true,
    });
    const active = page.locator(`tr[data-sequence-id="${ids.sms}"]`);
    await expectEnabled(active, {
      Launch: false,
      Pause: true,
      Resume: false,
      Duplicate: true,
      Archive: true,
      Delete: false,
    });
    expect(await active.textContent()).toContain('recruiter@acme.example, +14155550100');
    expect(await page.locator('body').textContent()).not.toContain('Globex secret sequence');
    await check('sequences');

    await row.getByRole('button', { name: 'Launch Backend engineers' }).click();
    await row.getByText('Active').waitFor();
    await expectEnabled(row, { Launch: false, Pause: true, Delete: false });
  });

  it('creates a draft sequence with steps in the form, then launches it', async () => {
    await page.getByRole('link', { name: 'New sequence' }).click();
    await page.getByRole('textbox', { name: /^Name/ }).fill('Designers');
    await page.getByLabel('Step 1 name').fill('Portfolio email');
    await page.getByLabel('Step 1 sender').first().click();
    await page.getByRole('option', { name: 'recruiter@acme.example' }).click();
    await page.getByLabel('Step 1 subject').fill('Your portfolio, {{firstName}}');
    await page.getByLabel('Step 1 body').fill('Hi {{firstName}}, we loved your work.');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 2 type').first().click();
    await page.getByRole('option', { name: 'Task' }).click();
    await page.getByLabel('Step 2 name').fill('Review the portfolio');
    await page.getByLabel('Step 2 delay', { exact: true }).fill('2');
    await check('create-sequence');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/sequences\/seq_[^/]+\/overview$/);
    await page.getByRole('heading', { name: 'Designers' }).waitFor();
    const sequenceId = page.url().split('/').at(-2) as string;
    const created = await api<{ status: string; definition: { type: string; identityId?: string; delay: unknown }[] }>(
      KEY_ACME,
      'GET',
      `/v1/sequences/${sequenceId}`,
    );
    expect(created.status).toBe('draft');
    expect(created.definition.map((step) => step.type)).toEqual(['automated_email', 'task']);
    expect(created.definition[0].identityId).toBe(ids.emailIdentity);
    expect(created.definition[1].delay).toEqual({ amount: 2, unit: 'days' });
    await page.getByRole('button', { name: 'Launch Designers' }).click();
    await page.getByText('Active', { exact: true }).waitFor();
    expect((await api<{ status: string }>(KEY_ACME, 'GET', `/v1/sequences/${sequenceId}`)).status).toBe('active');
  });

  it("does not show another tenant's sequence, even by its address", async () => {
    await page.goto(`${url}/sequences/${ids.globex}/overview`);
    await page.getByRole('heading', { name: 'Sequence not found' }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Secret task');
  });

  it('enrols by CSV with a per-row report while the open overview updates live', async () => {
    // A second tab: the key lives in each tab's session, so it signs in too.
    const overview = await context.newPage();
    await signIn(overview, KEY_ACME);
    await overview.goto(`${url}/sequences/${ids.tasks}/overview`);
    await overview.getByRole('heading', { name: 'Step-wise Success Snapshot' }).waitFor();

    await page.goto(`${url}/sequences/${ids.tasks}/audience`);
    const csv = [
      'email,firstName,company',
      'ada@example.com,Ada,Acme',
      'not-an-email,Bob,Acme',
      'grace@example.com,Grace,Acme',
      'linus@example.com,Linus,Acme',
    ].join('\n');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel('CSV file').click()]);
    await chooser.setFiles({ name: 'candidates.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    const report = page.getByRole('status', { name: 'Enrolment report' });
    await report.getByText('3 enrolled, 1 refused').waitFor();
    const refused = await report.getByRole('table', { name: 'Refused rows' }).locator('tbody tr').allTextContents();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^3email/); // CSV line 3 (the header is line 1), field email

    // The overview tab was not reloaded: polling brings the figures in as outcomes arrive.
    const intro = overview.locator('[data-step-id="intro"]');
    await waitFor(
      'the snapshot to show 3 delivered on the intro step',
      async () => /100%\s*\(3\)/.test((await intro.locator('[data-metric="deliveryRate"]').textContent()) ?? ''),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(await intro.getByTestId('recipients-attempted').textContent()).toContain('3');
    const labels = await intro
      .locator('[data-metric]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-metric')));
    expect(labels).toEqual(['deliveryRate', 'openedRate', 'repliedRate', 'errorRate', 'skippedRate']);

    // The hover on Recipients Attempted shows queued vs attempted.
    await intro.getByTestId('recipients-attempted').hover();
    await overview.getByRole('tooltip').filter({ hasText: 'In queue: 0 · Attempted: 3' }).waitFor();
    await intro.locator('[data-metric="openedRate"]').hover();
    await overview.getByRole('tooltip').filter({ hasText: 'Recipients who opened the email at least once' }).waitFor();

    const task = overview.locator('[data-step-id="call"]');
    await waitFor(
      'the task card to count 3 pending tasks',
      async () => /100%\s*\(3\)/.test((await task.locator('[data-metric="pendingRate"]').textContent()) ?? ''),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    page = overview;
    await overview.mouse.move(0, 0);
    await check('overview');
  });

  it('measures how fast the overview of a sequence loads', async () => {
    const started = Date.now();
    await page.goto(`${url}/sequences/${ids.tasks}/overview`);
    await page.locator('[data-step-id="call"] [data-metric="pendingRate"]').waitFor();
    const firstView = Date.now() - started;
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      await fetch(`${url}/api/analytics/v1/sequences/${ids.tasks}/snapshot`, { headers: { 'x-api-key': KEY_ACME } });
      timings.push(Date.now() - t);
    }
    console.log(`dashboard: overview first view ${firstView} ms; snapshot through the proxy ${timings.join(', ')} ms`);
    expect(firstView).toBeLessThan(10_000);
  });

  it("enables each recipient action exactly as the matrix allows for the recipient's status", async () => {
    await page.goto(`${url}/sequences/${ids.tasks}/audience`);
    const rows = page.locator('table[aria-label="Recipients"] tbody tr');
    await waitFor(
      'three recipients pending on the task',
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
        return statuses.filter((s) => s === 'pending_action').length === 3;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );

    // Pause Ada and stop Grace through the screen.
    await page.getByLabel('Select ada@example.com').check();
    await page.locator('[data-action="pause"]').click();
    await page.getByRole('status', { name: 'Action result' }).getByText('Pause: 1 applied').waitFor();
    await page.getByLabel('Select grace@example.com').check();
    await page.locator('[data-action="stop"]').click();
    await page.getByRole('status', { name: 'Action result' }).getByText('Stop: 1 applied').waitFor();
    await page.locator('tr[data-status="stopped"]').waitFor();
    await page.locator('tr[data-status="paused"]').waitFor();

    for (const [who, status] of [
      ['ada@example.com', 'paused'],
      ['grace@example.com', 'stopped'],
      ['linus@example.com', 'pending_action'],
    ] as [string, RecipientStatus][]) {
      await expectActionsMatch(who, status);
    }

    // The task a Pending Action recipient waits on is completed from the recipient's panel.
    await page.getByRole('button', { name: 'linus@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('dialog').getByText('Pending action → Completed').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.locator('tr[data-status="completed"]').waitFor();
    await expectActionsMatch('linus@example.com', 'completed');

    // Bulk selection: a button is enabled only when every selected recipient allows it.
    await page.getByLabel('Select all shown').check();
    for (const action of RECIPIENT_ACTIONS) {
      const allowed = (['paused', 'stopped', 'completed'] as RecipientStatus[]).every((s) =>
        ALLOWED_ACTIONS[s].includes(action),
      );
      expect([action, await page.locator(`[data-action="${action}"]`).isEnabled()]).toEqual([action, allowed]);
    }
    await page.getByLabel('Select all shown').uncheck();

    // Status filter chips.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Paused' }).click();
    await page.keyboard.press('Escape');
    await waitFor('only the paused recipient listed', async () => {
      const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
      return statuses.length === 1 && statuses[0] === 'paused';
    });

    // A recipient's timeline.
    await page.getByRole('button', { name: 'ada@example.com' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Pending action → Paused').waitFor();
    await check('recipient-timeline');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await check('audience');

    async function expectActionsMatch(who: string, status: RecipientStatus) {
      await page.getByLabel(`Select ${who}`).check();
      for (const action of RECIPIENT_ACTIONS) {
        const enabled = await page.locator(`[data-action="${action}"]`).isEnabled();
        expect([status, action, enabled]).toEqual([status, action, ALLOWED_ACTIONS[status].includes(action)]);
      }
      await page.getByLabel(`Select ${who}`).uncheck();
    }
  });

  it('groups errored recipients by cause with the fix, and retries them in bulk', async () => {
    await api(KEY_ACME, 'POST', `/v1/sequences/${ids.sms}/enrollments`, {
      recipients: [{ email: 'no-phone-1@example.com' }, { email: 'no-phone-2@example.com' }],
    });
    await page.goto(`${url}/sequences/${ids.sms}/errors`);
    const cause = page.getByRole('region', { name: /^Cause:/ });
    await waitFor(
      'two recipients in error on the SMS step',
      async () =>
        (
          (await cause
            .first()
            .textContent()
            .catch(() => '')) ?? ''
        ).includes('2 recipients'),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(await cause.count()).toBe(1);
    expect(await cause.textContent()).toContain(
      'Fix: add the recipient\'s phone (PATCH /v1/recipients/{recipientId} {"phone": ...}), then retry the step',
    );
    await check('errors');
    const listErrored = () =>
      api<{ items: { id: string; status: string; updatedAt: string }[] }>(
        KEY_ACME,
        'GET',
        `/v1/sequences/${ids.sms}/enrollments?status=error`,
      );
    const before = await listErrored();
    await cause.getByRole('button', { name: 'Retry 2' }).click();
    await page.getByRole('status', { name: 'Retry result' }).getByText('2 retried').waitFor();
    // The retry went through for both: each row was planned again (and failed again, the phone is
    // still missing, so they stay in Error on the same cause).
    const after = await listErrored();
    expect(after.items.map((e) => e.id).sort()).toEqual(before.items.map((e) => e.id).sort());
    for (const row of after.items) {
      const earlier = before.items.find((e) => e.id === row.id) as { updatedAt: string };
      expect(new Date(row.updatedAt).getTime()).toBeGreaterThan(new Date(earlier.updatedAt).getTime());
    }

    // Open tracking is off on this sequence: no Opened % on its email card.
    await page.goto(`${url}/sequences/${ids.sms}/overview`);
    const hello = page.locator('[data-step-id="hello"]');
    await hello.locator('[data-metric="deliveryRate"]').waitFor();
    expect(await hello.locator('[data-metric="openedRate"]').count()).toBe(0);
    await page.locator('[data-step-id="text"] [data-metric="errorRate"]').waitFor();
  });

  it('lists the activity log newest first, filtered by recipient and step, a page at a time', async () => {
    await page.goto(`${url}/sequences/${ids.tasks}/activity`);
    const rows = page.getByRole('table', { name: 'Activity entries' }).locator('tbody tr');
    await rows.first().waitFor();
    const all = await rows.allTextContents();
    // Three candidates enrolled by CSV, each moved at least onto the task step.
    for (const email of ['ada@example.com', 'grace@example.com', 'linus@example.com']) {
      expect(all.some((row) => row.includes(email))).toBe(true);
    }
    const times = await rows.locator('td:first-child').allTextContents();
    const parsed = times.map((t) => new Date(t).getTime());
    expect([...parsed].sort((a, b) => b - a)).toEqual(parsed);

    await page.getByLabel('Recipient email').fill('grace@example.com');
    await page.getByRole('button', { name: 'Filter' }).click();
    await waitFor(
      'only grace in the log',
      async () => {
        const texts = await rows.allTextContents();
        return texts.length > 0 && texts.every((row) => row.includes('grace@example.com'));
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    await page.getByLabel('Recipient email').fill('');
    await page.getByRole('combobox', { name: 'Step' }).click();
    await page.getByRole('option', { name: 'Call the candidate' }).click();
    await page.getByRole('button', { name: 'Filter' }).click();
    await waitFor(
      'only the task step in the log',
      async () => {
        const steps = await rows.locator('td:nth-child(3)').allTextContents();
        return steps.length >= 3 && steps.every((step) => step === 'Call the candidate');
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    await check('activity');
  });

  it('shows campaign statistics for the chosen date range', async () => {
    await page.goto(`${url}/sequences/${ids.tasks}/stats`);
    const reachOuts = page.locator('[data-figure="Reach Outs"]');
    await waitFor(
      'three reach outs in the last 30 days',
      async () => ((await reachOuts.textContent()) ?? '').includes('3'),
      {
        timeoutMs: 30_000,
        intervalMs: 500,
      },
    );
    await check('campaign-stats');
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-31');
    await waitFor('no reach outs in January 2020', async () => (await reachOuts.textContent()) === 'Reach Outs0');
    await page.getByLabel('To').fill('2020-01-01');
    await page.getByLabel('From').fill('2020-02-01');
    await page.getByRole('alert').filter({ hasText: 'must not be before from' }).waitFor();
  });

  it('lists identities with limits, working hours, holidays and health', async () => {
    await page.goto(`${url}/identities`);
    const table = page.getByRole('table', { name: 'Identities' });
    await table.getByText('recruiter@acme.example').waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Mon, Tue, Wed, Thu, Fri 00:00–24:00');
    expect(text).toContain('2026-12-25');
    expect(text).toContain('– / 200 / –');
    expect(text).toContain('Connected');
    await check('identities');
  });

  it('edits an identity: limits and holidays persist, a secret is never shown, verify explains an unreachable port', async () => {
    const identity = await api<{ id: string }>(KEY_ACME, 'POST', '/v1/identities', {
      channel: 'email',
      address: 'sourcer@acme.example',
      dailyLimit: 50,
    });
    await page.goto(`${url}/identities`);
    await page.getByRole('link', { name: 'sourcer@acme.example' }).click();
    await page.waitForURL(new RegExp(`/identities/${identity.id}$`));
    await page.getByRole('heading', { name: 'sourcer@acme.example' }).waitFor();

    const settings = page.getByRole('form', { name: 'Limits and working hours' });
    await settings.getByLabel('Hourly limit').fill('12');
    await settings.getByLabel('Daily limit').fill('80');
    await settings.getByLabel('Weekly limit').fill('300');
    await settings.getByLabel('Send only during working hours').check();
    await settings.getByLabel('Saturday').check();
    await settings.getByLabel('Holidays').fill('2026-12-24\n2026-12-31');
    await settings.getByRole('button', { name: 'Save limits and hours' }).click();
    await settings.getByRole('status').getByText('Saved').waitFor();
    const saved = await api<{
      hourlyLimit: number;
      dailyLimit: number;
      weeklyLimit: number;
      workingHours: { days: number[]; start: string; end: string; holidays: string[] };
    }>(KEY_ACME, 'GET', `/v1/identities/${identity.id}`);
    expect([saved.hourlyLimit, saved.dailyLimit, saved.weeklyLimit]).toEqual([12, 80, 300]);
    expect(saved.workingHours).toEqual({
      days: [1, 2, 3, 4, 5, 6],
      start: '09:00',
      end: '17:00',
      holidays: ['2026-12-24', '2026-12-31'],
    });

    // A connection to a port nothing listens on, saved through the form with its password.
    const closedPort = Number(new URL(await closedPortUrl()).port);
    const secret = `pw-${randomBytes(6).toString('hex')}`;
    const connection = page.getByRole('form', { name: 'Connection', exact: true });
    await connection.getByLabel('SMTP host').fill('127.0.0.1');
    await connection.getByLabel('SMTP port').fill(String(closedPort));
    await connection.getByLabel('SMTP TLS').first().click();
    await page.getByRole('option', { name: 'None (local relay)' }).click();
    await connection.getByLabel('SMTP username').fill('sourcer@acme.example');
    await connection.getByLabel(/^SMTP password/).fill(secret);
    await connection.getByRole('button', { name: 'Save connection' }).click();
    await connection.getByRole('status').getByText('Connection saved').waitFor();
    await connection.getByText(`Sends through 127.0.0.1:${closedPort}`).waitFor();
    await connection.getByText('Set (not shown)').waitFor();
    expect(await connection.getByLabel(/^SMTP password/).inputValue()).toBe('');
    const stored = await api<{ connection: { smtp: { port: number; auth: Record<string, unknown> } } }>(
      KEY_ACME,
      'GET',
      `/v1/identities/${identity.id}`,
    );
    expect(stored.connection.smtp.port).toBe(closedPort);
    expect(stored.connection.smtp.auth).toEqual({
      type: 'password',
      username: 'sourcer@acme.example',
      password: 'set',
    });
    expect(await page.content()).not.toContain(secret);

    // Saving verified it once already; the button's own check is the one with its verificationId.
    const verify = page.getByRole('region', { name: 'Verification', exact: true });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/identities/${identity.id}/verify`), { timeout: 25_000 }),
      verify.getByRole('button', { name: 'Verify connection' }).click(),
    ]);
    expect(response.status()).toBe(200);
    const answer = (await response.json()) as { verificationId: string };
    const result = verify.locator(`[data-verification-id="${answer.verificationId}"]`);
    await result.getByText('SMTP: failed').waitFor();
    expect(await result.textContent()).toContain(
      `Nothing answers at 127.0.0.1:${closedPort}. Check the SMTP port (587 or 465).`,
    );
    const verified = await api<{ lastVerification: { id: string; smtp: { ok: boolean } } }>(
      KEY_ACME,
      'GET',
      `/v1/identities/${identity.id}`,
    );
    expect(verified.lastVerification).toMatchObject({ id: answer.verificationId, smtp: { ok: false } });
    await check('identity-detail');

    // Nothing sends from it: deleting it is allowed and leads back to the list.
    await page.getByRole('button', { name: 'Delete identity' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForURL(/\/identities$/);
    const gone = await fetch(`${system.url('enrollment')}/v1/identities/${identity.id}`, {
      headers: { 'x-api-key': KEY_ACME },
    });
    expect(gone.status).toBe(404);
  });

  it('refuses to delete an identity a running sequence sends from, naming the sequence', async () => {
    await page.goto(`${url}/identities/${ids.emailIdentity}`);
    await page.getByRole('heading', { name: 'recruiter@acme.example' }).waitFor();
    const remove = page.getByRole('region', { name: 'Delete', exact: true });
    await remove.getByRole('button', { name: 'Delete identity' }).focus();
    await page.keyboard.press('Enter');
    await remove.getByRole('button', { name: 'Yes, delete' }).focus();
    await page.keyboard.press('Enter');
    const alert = remove.getByRole('alert');
    await alert.waitFor();
    const reason = (await alert.textContent()) ?? '';
    expect(reason).toContain('is used by running sequence(s)');
    expect(reason).toContain(`"Backend engineers" (${ids.tasks}, active)`);
    expect(reason).toContain(`"Text follow-up" (${ids.sms}, active)`);
    expect((await api<{ id: string }>(KEY_ACME, 'GET', `/v1/identities/${ids.emailIdentity}`)).id).toBe(
      ids.emailIdentity,
    );
  });

  it('has no serious or critical accessibility violations on any page', () => {
    // The violations first: a page whose test failed earlier should not hide the others' findings.
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((name) => [name, []])));
    expect(Object.keys(a11y).sort()).toEqual(
      [
        'activity',
        'audience',
        'campaign-stats',
        'create-sequence',
        'errors',
        'identities',
        'identity-detail',
        'overview',
        'recipient-timeline',
        'sequences',
        'sign-in',
      ].sort(),
    );
  });

  async function signIn(tab: Page, key: string) {
    if (!tab.url().endsWith('/sign-in')) await tab.goto(`${url}/sign-in`);
    await tab.getByLabel('Tenant API key').fill(key);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.waitForURL(/\/sequences$/);
  }

  async function expectEnabled(row: ReturnType<Page['locator']>, expected: Record<string, boolean>) {
    const name = (await row.locator('a').first().textContent()) ?? '';
    for (const [label, enabled] of Object.entries(expected)) {
      expect([label, await row.getByRole('button', { name: `${label} ${name}` }).isEnabled()]).toEqual([
        label,
        enabled,
      ]);
    }
  }
});
