import { simpleParser, type ParsedMail } from 'mailparser';
import { capture, EmailServiceHarness, stepDue, uniqueEnrollment } from './support';

const service = new EmailServiceHarness();
beforeAll(() => service.start());
afterAll(() => service.stop());

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const JOB_URL = 'https://jobs.example/roles/42?ref=mail';
const BODY = `Hi {{ firstName }},\nhave a look: ${JOB_URL}\nRita`;

/** Sends one tracked email and returns it as the candidate's mail client sees it. */
async function sendTracked(label: string, input: { openTracking?: boolean; stepType?: 'manual_email' } = {}) {
  const enrollmentId = uniqueEnrollment(label);
  await service.publishStepDue([stepDue({ enrollmentId, body: BODY, ...input })]);
  await service.waitForOutcome(enrollmentId, 'sent');
  const mail = await simpleParser(service.sentEmail(`<${enrollmentId}.step_1.1@acme.example>`).raw);
  return { enrollmentId, mail };
}

function pixelUrl(mail: ParsedMail): string {
  return capture(/<img src="([^"]+\/t\/o\/[^"]+)"/, String(mail.html), 'pixel');
}

function clickUrl(mail: ParsedMail): string {
  return capture(/(http:\/\/127\.0\.0\.1:\d+\/t\/c\/\S+)/, mail.text ?? '', 'tracked link');
}

function unsubscribeUrl(mail: ParsedMail): string {
  return capture(/<([^>]+)>/, headerLine(mail, 'list-unsubscribe'), 'List-Unsubscribe URL');
}

/** The header as sent, unfolded (a long URL is folded over several lines). */
function headerLine(mail: ParsedMail, name: string): string {
  return (mail.headerLines.find((h) => h.key === name)?.line ?? '').replace(/\r?\n[ \t]+/g, '');
}

/** The email was delivered a minute ago: past the window in which only machines fetch. */
function deliveredAMinuteAgo(enrollmentId: string): Promise<void> {
  return service.query(`UPDATE send_log SET settled_at = now() - interval '1 minute' WHERE enrollment_id = $1`, [
    enrollmentId,
  ]);
}

const machineFlags = (messages: { payload: unknown }[]) =>
  messages.map((m) => (m.payload as { machineGenerated?: boolean }).machineGenerated);

test("a person's open through the pixel publishes opened, every time it is loaded", async () => {
  const { enrollmentId, mail } = await sendTracked('open');
  await deliveredAMinuteAgo(enrollmentId);

  for (let n = 0; n < 2; n++) {
    const response = await fetch(pixelUrl(mail), { headers: { 'user-agent': BROWSER } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
  }

  const opened = await service.waitForOutcome(enrollmentId, 'opened', { count: 2 });
  expect(machineFlags(opened)).toEqual([false, false]);
  expect(opened[0].payload).toMatchObject({
    step: { enrollmentId, stepId: 'step_1', attempt: 1 },
    providerMessageId: `<${enrollmentId}.step_1.1@acme.example>`,
  });
});

test('a click is redirected to the original URL and publishes clicked', async () => {
  const { enrollmentId, mail } = await sendTracked('click');
  await deliveredAMinuteAgo(enrollmentId);
  expect(mail.text).not.toContain(JOB_URL);

  const response = await fetch(clickUrl(mail), { redirect: 'manual', headers: { 'user-agent': BROWSER } });

  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe(JOB_URL);
  const [clicked] = await service.waitForOutcome(enrollmentId, 'clicked');
  expect(clicked.payload).toMatchObject({ machineGenerated: false });
});

test('a fetch right after delivery, or by a known proxy at any time, is published as machine-generated', async () => {
  const { enrollmentId, mail } = await sendTracked('scanner');

  await fetch(clickUrl(mail), { redirect: 'manual', headers: { 'user-agent': BROWSER } });
  const [fastClick] = await service.waitForOutcome(enrollmentId, 'clicked');
  expect(fastClick.payload).toMatchObject({ machineGenerated: true });

  await deliveredAMinuteAgo(enrollmentId);
  const proxy = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
  await fetch(pixelUrl(mail), { headers: { 'user-agent': proxy } });
  const [proxyOpen] = await service.waitForOutcome(enrollmentId, 'opened');
  expect(proxyOpen.payload).toMatchObject({ machineGenerated: true });
});

test('automated emails carry one-click List-Unsubscribe; only the POST unsubscribes', async () => {
  const { enrollmentId, mail } = await sendTracked('unsubscribe');
  expect(headerLine(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  const url = unsubscribeUrl(mail);

  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post">');

  const oneClick = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status).toBe(200);
  expect(await service.waitForOutcome(enrollmentId, 'unsubscribed')).toHaveLength(1);
  // The GET came first on the same partition: had it unsubscribed, there would be two.
  expect(service.outcomesFor(enrollmentId).filter((m) => m.payload.outcome === 'unsubscribed')).toHaveLength(1);
});

test('a forged or altered token gets 404 and publishes nothing', async () => {
  const { enrollmentId, mail } = await sendTracked('forged');
  await deliveredAMinuteAgo(enrollmentId);
  const genuine = clickUrl(mail);
  const [base, token] = genuine.split('/t/c/');
  const [payload, signature] = token.split('.');
  const claim = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const altered = Buffer.from(JSON.stringify({ ...claim, url: 'https://evil.example/' })).toString('base64url');

  for (const url of [
    `${base}/t/c/${altered}.${signature}`,
    `${base}/t/o/${altered}.${signature}.gif`,
    `${base}/t/c/abc.def`,
  ]) {
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(404);
  }
  // A click token is no pixel either.
  expect((await fetch(`${base}/t/o/${token}.gif`)).status).toBe(404);

  await fetch(genuine, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
  await service.waitForOutcome(enrollmentId, 'clicked');
  const engagement = service
    .outcomesFor(enrollmentId)
    .map((m) => m.payload.outcome)
    .filter((kind) => kind !== 'sent' && kind !== 'delivered');
  expect(engagement).toEqual(['clicked']);
});

test('with open tracking off the email has no pixel, and links are still tracked', async () => {
  const { mail } = await sendTracked('no_pixel', { openTracking: false });
  expect(mail.html).toBe(false);
  expect(service.sentEmail(String(mail.messageId)).raw).not.toContain('/t/o/');
  expect(clickUrl(mail)).toContain('/t/c/');
});

test('a manual email carries no List-Unsubscribe header', async () => {
  const { mail } = await sendTracked('manual', { stepType: 'manual_email' });
  expect(mail.headers.has('list-unsubscribe')).toBe(false);
});

test('an HTML body goes out with its values escaped, a text/plain alternative, and no pixel when tracking is off', async () => {
  const enrollmentId = uniqueEnrollment('html_escape');
  const body = '<p>Hi {{ firstName }}, see <a href="https://jobs.example/roles/42">the role</a>.</p>';
  const firstName = '<a href="https://evil.example/">Zoe</a>';
  await service.publishStepDue([stepDue({ enrollmentId, body, variables: { firstName }, openTracking: false })]);
  await service.waitForOutcome(enrollmentId, 'sent');
  const mail = await simpleParser(service.sentEmail(`<${enrollmentId}.step_1.1@acme.example>`).raw);
  const html = String(mail.html);
  // The value is text: no link to evil.example was added, so none was signed as a click URL either.
  expect(html).toContain('Hi &lt;a href=&quot;https://evil.example/&quot;&gt;Zoe&lt;/a&gt;, see');
  expect(html.match(/href="/g)).toHaveLength(1);
  expect(html).not.toMatch(/\/t\/o\//);
  expect(mail.text).toMatch(
    /^Hi <a href="https:\/\/evil\.example\/">Zoe<\/a>, see the role\s\[https?:\/\/[^\]]+\/t\/c\/[^\]]+\]\.$/,
  );
});
