import { createEnvelope } from './envelope';
import { replyReceivedSchema } from './messages/public-topics';
import { timerCommandSchema, timerScheduledSchema } from './messages/timer-commands';

describe('createEnvelope', () => {
  it('fills id, type, version and time, and validates the payload', () => {
    const reply = createEnvelope(replyReceivedSchema, {
      tenantId: 'acme',
      key: 'enr_1',
      payload: { recipient: { enrollmentId: 'enr_1' }, channel: 'email', receivedAt: '2026-11-25T10:00:00Z' },
    });
    expect(reply).toMatchObject({ type: 'reply.received', version: 1, tenantId: 'acme', key: 'enr_1' });
    expect(reply.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a payload that breaks the schema, naming the field', () => {
    expect(() =>
      createEnvelope(replyReceivedSchema, {
        tenantId: 'acme',
        key: 'k',
        payload: { recipient: {}, channel: 'email', receivedAt: 'yesterday' } as never,
      }),
    ).toThrow(/receivedAt/);
  });

  it('lets a topic union pick the message by its type', () => {
    const scheduled = createEnvelope(timerScheduledSchema, {
      tenantId: 't',
      key: 'enr_1',
      payload: {
        timerId: 'enr_1',
        version: 3,
        dueAt: '2026-11-25T10:00:00.000Z',
        action: { kind: 'notify', reason: 'task_overdue', enrollmentId: 'enr_1', stepId: 's1' },
      },
    });
    expect(timerCommandSchema.parse(JSON.parse(JSON.stringify(scheduled))).type).toBe('timer.scheduled');
  });
});
