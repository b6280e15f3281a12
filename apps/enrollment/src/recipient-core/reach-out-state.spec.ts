import { reachOutState } from './reach-out-state';

describe('reach-out state (seed 003)', () => {
  it('tells Canceled (stopped after a send) from Undone (stopped before any send)', () => {
    expect(reachOutState('stopped', 'by_user', { intro: { sent: true } })).toBe('canceled');
    expect(reachOutState('stopped', 'by_user', {})).toBe('undone');
    expect(reachOutState('stopped', 'removed', { intro: { opened: true } })).toBe('undone');
  });

  it('maps the other statuses onto their reach-out states', () => {
    expect(reachOutState('paused', 'auth_lost', {})).toBe('paused_by_auth_loss');
    expect(reachOutState('paused', 'by_user', {})).toBe('paused');
    expect(reachOutState('replied', 'interested', {})).toBe('responded');
    expect(reachOutState('not_started', null, {})).toBe('pending');
    expect(reachOutState('bounced', null, {})).toBe('hard_bounced');
  });
});
