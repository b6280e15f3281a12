import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll } from './support/fixtures';

type EnrollResponse = {
  enrolled: { index: number; enrollmentId: string; recipientId: string }[];
  rejected: { index: number; field?: string; reason: string }[];
};

/** More rows than one slice of the bulk enrollment, so refusals and duplicates cross slice borders. */
const ROWS = 12_001;

describe('bulk enrollment of more rows than one slice', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3919));
  afterAll(() => harness.stop());

  it('enrolls every valid row once and reports each refused row in request order', async () => {
    const { sequenceId } = await launchAndEnroll(harness, ['already@example.com']);
    const recipients: Record<string, string>[] = Array.from({ length: ROWS }, (_, i) => ({
      email: `candidate-${i}@example.com`,
    }));
    recipients[10] = { email: 'both-keys@example.com', phone: '+14155550100' };
    // Same stored recipient as row 10, found by the phone stored with it, several slices later.
    recipients[6_000] = { phone: '+14155550100' };
    recipients[7_000] = { email: 'not-an-email' };
    recipients[9_000] = { email: 'already@example.com' };
    recipients[11_000] = { email: 'candidate-3@example.com' };

    const response = await harness.api<EnrollResponse>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
      recipients,
    });

    expect(response.status).toBe(201);
    expect(response.body.rejected).toEqual([
      { index: 6_000, reason: 'same recipient as row 10' },
      { index: 7_000, field: 'email', reason: expect.stringMatching(/email/i) },
      { index: 9_000, reason: expect.stringContaining('already in this sequence') },
      { index: 11_000, reason: 'same recipient as row 3' },
    ]);
    const refused = new Set(response.body.rejected.map((r) => r.index));
    const expected = Array.from({ length: ROWS }, (_, i) => i).filter((i) => !refused.has(i));
    expect(response.body.enrolled.map((e) => e.index)).toEqual(expected);
    expect(new Set(response.body.enrolled.map((e) => e.recipientId)).size).toBe(expected.length);
    expect(new Set(response.body.enrolled.map((e) => e.enrollmentId)).size).toBe(expected.length);

    const last = response.body.enrolled.at(-1);
    const state = await harness.api<{ status: string }>('GET', `/v1/enrollments/${last?.enrollmentId}`);
    expect(state.body.status).toBe('in_progress');
  });
});
