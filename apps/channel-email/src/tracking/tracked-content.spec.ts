import { trackContent, type EmailTrackingUrls } from './tracked-content';

const urls: EmailTrackingUrls = {
  click: (url) => `https://t.example/t/c/${encodeURIComponent(url)}`,
  open: () => 'https://t.example/t/o/tok.gif',
};

describe('trackContent', () => {
  it('rewrites links in a text body, leaving prose punctuation outside, and adds an HTML part with the pixel', () => {
    const tracked = trackContent('See https://jobs.example/a?x=1&y=2.\nBye', urls, true);
    expect(tracked.text).toBe('See https://t.example/t/c/https%3A%2F%2Fjobs.example%2Fa%3Fx%3D1%26y%3D2.\nBye');
    expect(tracked.html).toContain('<a href="https://t.example/t/c/https%3A%2F%2Fjobs.example%2Fa%3Fx%3D1%26y%3D2">');
    expect(tracked.html).toContain('>https://jobs.example/a?x=1&amp;y=2</a>.<br>');
    expect(tracked.html).toMatch(/<img src="https:\/\/t\.example\/t\/o\/tok\.gif" width="1" height="1"/);
  });

  it('keeps quotes around a URL out of the link in both parts', () => {
    const tracked = trackContent('Open "https://jobs.example/a" now', urls, true);
    expect(tracked.text).toBe('Open "https://t.example/t/c/https%3A%2F%2Fjobs.example%2Fa" now');
    expect(tracked.html).toContain('Open &quot;<a href="https://t.example/t/c/https%3A%2F%2Fjobs.example%2Fa">');
  });

  it('sends a text body as text only, with no pixel, when open tracking is off', () => {
    const tracked = trackContent('Apply: https://jobs.example/a', urls, false);
    expect(tracked).toEqual({ text: 'Apply: https://t.example/t/c/https%3A%2F%2Fjobs.example%2Fa' });
  });

  it('rewrites hrefs of an HTML body, puts the pixel before </body> and adds a text/plain alternative', () => {
    const tracked = trackContent(
      '<html><body><p>Hello Zoe,</p><a href="https://jobs.example/?a=1&amp;b=2">Role</a></body></html>',
      urls,
      true,
    );
    expect(tracked.text).toBe(
      'Hello Zoe,\n\nRole [https://t.example/t/c/https%3A%2F%2Fjobs.example%2F%3Fa%3D1%26b%3D2]',
    );
    expect(tracked.html).toBe(
      '<html><body><p>Hello Zoe,</p><a href="https://t.example/t/c/https%3A%2F%2Fjobs.example%2F%3Fa%3D1%26b%3D2">Role</a>' +
        '<img src="https://t.example/t/o/tok.gif" width="1" height="1" alt="" style="display:none"></body></html>',
    );
  });

  it('sends an HTML body without any pixel when open tracking is off', () => {
    const tracked = trackContent('<p>Hello</p>', urls, false);
    expect(tracked).toEqual({ html: '<p>Hello</p>', text: 'Hello' });
  });

  it('leaves mailto and other non-web links alone', () => {
    expect(trackContent('<p><a href="mailto:rita@acme.example">mail</a></p>', urls, false).html).toBe(
      '<p><a href="mailto:rita@acme.example">mail</a></p>',
    );
  });
});
