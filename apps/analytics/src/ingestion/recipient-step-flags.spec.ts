import fc from 'fast-check';
import {
  countsAsAttempted,
  factFlags,
  joinFlags,
  NO_FLAGS,
  RECIPIENT_FLAGS,
  type RecipientStepFlags,
} from './recipient-step-flags';

const fold = (facts: RecipientStepFlags[]) => facts.reduce(joinFlags, NO_FLAGS);
const anyFact = fc.subarray([...RECIPIENT_FLAGS]).map((flags) => factFlags(...flags));

describe('joinFlags', () => {
  test('is order-free and idempotent, so replays and reordering across topics converge', () => {
    fc.assert(
      fc.property(anyFact, anyFact, anyFact, (a, b, c) => {
        expect(joinFlags(a, b)).toEqual(joinFlags(b, a));
        expect(joinFlags(joinFlags(a, b), c)).toEqual(joinFlags(a, joinFlags(b, c)));
        expect(joinFlags(a, a)).toEqual(joinFlags(a, NO_FLAGS));
      }),
    );
  });

  test('a duplicated event changes nothing', () => {
    fc.assert(
      fc.property(fc.array(anyFact, { minLength: 1 }), fc.nat(), (facts, pick) => {
        const duplicate = facts[pick % facts.length] as RecipientStepFlags;
        expect(fold([...facts, duplicate])).toEqual(fold(facts));
      }),
    );
  });

  test('errored then delivered moves the recipient from Error to Delivered', () => {
    const state = fold([factFlags('reached'), factFlags('errored'), factFlags('delivered')]);
    expect(state).toMatchObject({ errored: false, delivered: true, attempted: true });
  });

  test('a failure replayed after the delivery does not move the recipient back to Error', () => {
    const state = fold([factFlags('errored'), factFlags('delivered'), factFlags('errored')]);
    expect(state).toMatchObject({ errored: false, delivered: true });
  });

  test('sent does not clear an error: an SMS can be sent and then fail', () => {
    expect(fold([factFlags('sent'), factFlags('errored')])).toMatchObject({ errored: true, sent: true });
  });

  test('a skip clears an error: skipping the errored step', () => {
    expect(fold([factFlags('errored'), factFlags('skipped')])).toMatchObject({ errored: false, skipped: true });
  });

  test('a hard bounce after delivered moves the recipient from Delivered to Bounced', () => {
    expect(fold([factFlags('delivered'), factFlags('bounced')])).toMatchObject({ delivered: false, bounced: true });
    expect(fold([factFlags('bounced'), factFlags('delivered')])).toMatchObject({ delivered: false, bounced: true });
  });

  test('being queued is not being attempted', () => {
    expect(factFlags('reached')).toMatchObject({ reached: true, attempted: false });
    expect(factFlags('opened')).toMatchObject({ opened: true, attempted: true });
  });
});

describe('issue 15', () => {
  test('a task skipped is Skipped, not Completed as well, whichever fact comes first (defect 3)', () => {
    const skipped = fold([factFlags('reached'), factFlags('attempted'), factFlags('completed'), factFlags('skipped')]);
    expect(skipped).toMatchObject({ completed: false, skipped: true });
    expect(fold([factFlags('skipped'), factFlags('completed')])).toMatchObject({ completed: false, skipped: true });
  });

  test('a recipient that halted while queued for a step was never attempted there (defect 5)', () => {
    expect(factFlags('halted')).toMatchObject({ halted: true, attempted: false });
    const queued = fold([factFlags('reached'), factFlags('halted')]);
    expect(countsAsAttempted(queued)).toBe(false);
    expect(countsAsAttempted(fold([factFlags('reached')]))).toBe(true);
    expect(countsAsAttempted(fold([factFlags('reached'), factFlags('sent'), factFlags('halted')]))).toBe(true);
  });
});
