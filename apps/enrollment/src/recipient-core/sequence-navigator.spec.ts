import { sequenceNodeSchema, type SequenceNode } from './sequence-definition';
import { SequenceNavigator } from './sequence-navigator';

const step = (id: string) => ({ kind: 'step', id, type: 'task', name: id });
const tree: SequenceNode[] = [
  step('intro'),
  {
    kind: 'branch',
    id: 'opened',
    name: 'Opened intro?',
    condition: { kind: 'opened', stepId: 'intro' },
    yes: [
      step('call'),
      { kind: 'branch', id: 'has-phone', name: 'Phone?', condition: { kind: 'has_phone' }, yes: [step('sms')], no: [] },
    ],
    no: [],
  },
  step('last'),
].map((n) => sequenceNodeSchema.parse(n));

describe('SequenceNavigator', () => {
  const navigator = new SequenceNavigator(tree);

  it('starts at the first node', () => {
    expect(navigator.first()?.id).toBe('intro');
  });

  it('follows the Yes path into nested branches and back out to the step after the outer branch', () => {
    const branch = navigator.find('opened');
    if (branch?.kind !== 'branch') throw new Error('expected a branch');
    expect(navigator.enter(branch, true)?.id).toBe('call');
    expect(navigator.after('call')?.id).toBe('has-phone');
    expect(navigator.after('sms')?.id).toBe('last');
  });

  it('latest: the node reached last, in walk order whatever the order given; unknown nodes ignored', () => {
    expect(navigator.latest(['last', 'sms', 'intro'])).toBe('last');
    expect(navigator.latest(['sms', 'call', 'gone'])).toBe('sms');
    expect(navigator.latest(['gone'])).toBeNull();
  });

  it('continues after the branch when the chosen path is empty', () => {
    const branch = navigator.find('opened');
    if (branch?.kind !== 'branch') throw new Error('expected a branch');
    expect(navigator.enter(branch, false)?.id).toBe('last');
  });

  it('ends after the last node', () => {
    expect(navigator.after('last')).toBeNull();
  });
});
