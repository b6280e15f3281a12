import { FINAL_STATUSES, isFinalStatus, isHaltingStatus, maySendStep, type Halt } from './halt';
import { recipientStatusSchema, type RecipientStatus } from './messages/enrollment-events';

const at = (iso: string) => new Date(iso);
const halt = (status: RecipientStatus, since: string, attempt = 2): Halt => ({ status, since: at(since), attempt });

describe('maySendStep', () => {
  it('refuses every step of the run in a final status, whenever it was fired', () => {
    for (const status of FINAL_STATUSES) {
      const stopped = halt(status, '2026-11-26T10:00:00Z');
      expect(maySendStep(stopped, { firedAt: at('2026-11-26T09:00:00Z'), attempt: 2 })).toBe(false);
      expect(maySendStep(stopped, { firedAt: at('2026-11-26T11:00:00Z'), attempt: 1 })).toBe(false);
    }
  });

  it('refuses a step fired before a pause, and sends the one fired after it (the resumed step)', () => {
    const paused = halt('paused', '2026-11-26T10:00:00Z');
    expect(maySendStep(paused, { firedAt: at('2026-11-26T09:59:59Z'), attempt: 2 })).toBe(false);
    expect(maySendStep(paused, { firedAt: at('2026-11-26T10:00:00Z'), attempt: 2 })).toBe(false);
    expect(maySendStep(paused, { firedAt: at('2026-11-26T10:00:01Z'), attempt: 2 })).toBe(true);
  });

  it('sends a step of a later attempt: planned after the halt, by a resume or a new enrollment', () => {
    expect(
      maySendStep(halt('stopped', '2026-11-26T10:00:00Z'), { firedAt: at('2026-11-26T09:00:00Z'), attempt: 3 }),
    ).toBe(true);
    expect(
      maySendStep(halt('paused', '2026-11-26T10:00:00Z'), { firedAt: at('2026-11-26T09:00:00Z'), attempt: 3 }),
    ).toBe(true);
  });

  it('sends when the enrollment never halted, or its status keeps sending', () => {
    const step = { firedAt: at('2026-11-26T10:00:00Z'), attempt: 1 };
    expect(maySendStep(undefined, step)).toBe(true);
    expect(maySendStep(null, step)).toBe(true);
    expect(maySendStep(halt('in_progress', '2026-11-26T11:00:00Z'), step)).toBe(true);
  });
});

describe('halting statuses', () => {
  it('are the final ones and a pause; every other status keeps sending', () => {
    const halting = recipientStatusSchema.options.filter(isHaltingStatus);
    expect(halting.sort()).toEqual([...FINAL_STATUSES, 'paused'].sort());
    expect(isFinalStatus('paused')).toBe(false);
    expect(isHaltingStatus('error')).toBe(false);
    expect(isHaltingStatus('pending_action')).toBe(false);
  });
});
