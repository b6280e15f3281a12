import { isMachineFetch } from './machine-fetch';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const delivered = new Date('2026-11-25T10:00:00Z');
const later = (seconds: number) => new Date(delivered.getTime() + seconds * 1000);

describe('isMachineFetch', () => {
  it('counts a browser fetch well after delivery as a person', () => {
    expect(isMachineFetch({ userAgent: BROWSER, at: later(60) }, delivered, 10_000)).toBe(false);
  });

  it('flags a fetch within the window after delivery, whoever asks', () => {
    expect(isMachineFetch({ userAgent: BROWSER, at: later(3) }, delivered, 10_000)).toBe(true);
    expect(isMachineFetch({ userAgent: BROWSER, at: later(3) }, null, 10_000)).toBe(true);
  });

  it.each([
    'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
    'Mozilla/5.0',
    'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.4266)',
    'Barracuda Sentinel (EE)',
    'Proofpoint URL Defense',
    '',
    undefined,
  ])('flags the proxy or scanner %p at any time', (userAgent) => {
    expect(isMachineFetch({ userAgent, at: later(3600) }, delivered, 10_000)).toBe(true);
  });
});
