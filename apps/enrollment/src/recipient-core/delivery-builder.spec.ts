import { definitionProblems, sequenceNodeSchema, type StepNode } from './sequence-definition';
import { buildDelivery } from './delivery-builder';
import { planningContext, senderIdentity } from './planning-fixtures';

const linkedin = senderIdentity({ id: 'li', channel: 'social', address: 'acct_1' });

describe('the delivery of a LinkedIn message step', () => {
  it('carries how long it waits to connect, as the step says (issue 15, defect 14)', () => {
    const step = sequenceNodeSchema.parse({
      kind: 'step',
      id: 'message',
      type: 'linkedin_message',
      name: 'Message',
      identityId: 'li',
      body: 'Hi',
      waitForConnectionDays: 5,
    }) as StepNode;
    const ctx = planningContext([step]);
    const recipient = { ...ctx.recipient, linkedinProfile: 'https://www.linkedin.com/in/ada' };
    const built = buildDelivery(step, recipient, new Map([['li', linkedin]]));
    expect(built).toMatchObject({ delivery: { channel: 'social', waitForConnectionDays: 5 } });
  });

  it('refuses the setting on any other step type', () => {
    const step = sequenceNodeSchema.parse({
      kind: 'step',
      id: 'mail',
      type: 'automated_email',
      name: 'Mail',
      subject: 'Hi',
      waitForConnectionDays: 5,
    });
    expect(definitionProblems([step])).toEqual([
      { path: 'steps.mail.waitForConnectionDays', message: 'only a linkedin_message step waits for a connection' },
    ]);
  });
});
