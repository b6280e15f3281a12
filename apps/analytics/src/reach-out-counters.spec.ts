import { countsIn, isActive, reachOutBits } from './reach-out-counters';

describe('reach-out counters', () => {
  test('In Progress excludes reach outs responded to, cancelled or hard bounced', () => {
    expect(countsIn('inProgress', reachOutBits('started', 'opened'))).toBe(true);
    for (const ended of ['replied', 'cancelled', 'bounced'] as const) {
      expect(countsIn('inProgress', reachOutBits('started', ended))).toBe(false);
    }
  });

  test('Contacted is any message out on any channel', () => {
    expect(countsIn('contacted', reachOutBits('started'))).toBe(false);
    expect(countsIn('contacted', reachOutBits('smsSent'))).toBe(true);
    expect(countsIn('contacted', reachOutBits('linkedinInvited'))).toBe(true);
  });

  test('positive per channel is a reply on that channel marked interested', () => {
    const bits = reachOutBits('replied', 'interested', 'emailReplied');
    expect(countsIn('emailPositive', bits)).toBe(true);
    expect(countsIn('linkedinPositive', bits)).toBe(false);
  });

  test('a completed recipient is no longer at a step', () => {
    expect(isActive(reachOutBits('started'))).toBe(true);
    expect(isActive(reachOutBits('completed'))).toBe(false);
  });
});
