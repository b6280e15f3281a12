import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll } from './support/fixtures';

describe('the REST API refuses bad input with a 4xx naming the field', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3913));
  afterAll(() => harness.stop());

  it('401 without a known API key', async () => {
    expect((await harness.api('GET', '/v1/sequences', undefined, 'not-a-key')).status).toBe(401);
  });

  it('400 naming the bad field of a sequence', async () => {
    const response = await harness.api<{ errors: { field: string }[] }>('POST', '/v1/sequences', {
      name: 'x',
      steps: [{ kind: 'step', id: 's1', type: 'carrier_pigeon', name: 'x' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.field)).toContain('steps.0.type');
  });

  it('enrolls valid rows and reports each refused row with its index, field and reason', async () => {
    const { sequenceId } = await launchAndEnroll(harness, ['first@example.com']);
    const response = await harness.api<{
      enrolled: { index: number }[];
      rejected: { index: number; field?: string; reason: string }[];
    }>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
      recipients: [
        { email: 'ok@example.com' },
        { email: 'not-an-email' },
        { email: 'OK@example.com' },
        { email: 'first@example.com' },
        {},
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.enrolled.map((e) => e.index)).toEqual([0]);
    expect(response.body.rejected).toEqual([
      { index: 1, field: 'email', reason: expect.stringMatching(/email/i) },
      { index: 2, reason: 'same recipient as row 0' },
      { index: 3, reason: expect.stringContaining('already in this sequence') },
      { index: 4, field: 'email', reason: expect.stringContaining('needs an email, phone or linkedinProfile') },
    ]);
  });

  it('409 when enrolling into a draft sequence, naming its status', async () => {
    const sequence = await harness.api<{ id: string }>('POST', '/v1/sequences', {
      name: 'draft',
      steps: [{ kind: 'step', id: 't1', type: 'task', name: 'Call' }],
    });
    const response = await harness.api<{ message: string }>('POST', `/v1/sequences/${sequence.body.id}/enrollments`, {
      recipients: [{ email: 'a@example.com' }],
    });
    expect(response.status).toBe(409);
    expect(response.body.message).toContain('draft');
  });
});
