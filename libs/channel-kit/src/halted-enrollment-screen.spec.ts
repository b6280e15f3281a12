import type { EnrollmentStatusFact } from './enrollment-halt';
import type { EnrollmentStatusRepository } from './enrollment-status.repository';
import type { HaltFeedBarrier } from './halt-feed-barrier';
import { HaltedEnrollmentScreen } from './halted-enrollment-screen';

const stepOf = (enrollmentId: string) => ({ step: { enrollmentId, sequenceId: 's', stepId: 'a', attempt: 1 } });
const stopped = (enrollmentId: string): EnrollmentStatusFact => ({
  enrollmentId,
  status: 'stopped',
  final: true,
  changedAt: new Date(),
  attempt: 1,
});

describe('HaltedEnrollmentScreen.lookBeforeCall', () => {
  it('answers from a look that began after the call asked, shared by the calls that asked meanwhile', async () => {
    const halts = new Map<string, EnrollmentStatusFact>();
    const looks: string[][] = [];
    let releaseFirst: () => void = () => undefined;
    const barrier = {
      reached: jest
        .fn()
        .mockImplementationOnce(() => new Promise((resolve) => (releaseFirst = () => resolve(new Map()))))
        .mockImplementation(async () => new Map()),
      unchangedSince: async () => true,
    };
    const statuses = {
      find: async (ids: string[]) => {
        looks.push([...ids].sort());
        return new Map([...halts].filter(([id]) => ids.includes(id)));
      },
    };
    const screen = new HaltedEnrollmentScreen(
      statuses as unknown as EnrollmentStatusRepository,
      barrier as unknown as HaltFeedBarrier,
    );

    const first = screen.lookBeforeCall(stepOf('e1'));
    await new Promise((resolve) => setImmediate(resolve));
    // The first look is waiting on its barrier; the stop of e2 lands now, then two calls ask.
    halts.set('e2', stopped('e2'));
    const second = screen.lookBeforeCall(stepOf('e2'));
    const third = screen.lookBeforeCall(stepOf('e3'));
    releaseFirst();

    expect(await first).toBeNull();
    expect(await second).toMatchObject({ status: 'stopped' });
    expect(await third).toBeNull();
    expect(looks).toEqual([['e1'], ['e2', 'e3']]);
    expect(barrier.reached).toHaveBeenCalledTimes(2);
  });
});

describe('HaltedEnrollmentScreen: a last look that halts were appended during', () => {
  it('reads again, so a stop published while it read is seen', async () => {
    const halts = new Map<string, EnrollmentStatusFact>();
    let reads = 0;
    const statuses = {
      find: async () => {
        reads++;
        const found = new Map(halts);
        // The stop is published (and consumed) right after the first read.
        if (reads === 1) halts.set('e1', stopped('e1'));
        return found;
      },
    };
    let appended = true;
    const barrier = {
      reached: async () => new Map<number, string>(),
      unchangedSince: async () => {
        const unchanged = !appended;
        appended = false;
        return unchanged;
      },
    };
    const screen = new HaltedEnrollmentScreen(
      statuses as unknown as EnrollmentStatusRepository,
      barrier as unknown as HaltFeedBarrier,
    );

    expect(await screen.lookBeforeCall(stepOf('e1'))).toMatchObject({ status: 'stopped' });
    expect(reads).toBe(2);
  });
});
