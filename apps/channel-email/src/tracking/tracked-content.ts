import { convert } from 'html-to-text';
import { escapeHtml, isHtmlBody } from '../email/html-body';

/** Mints the tracking URLs of one email (see TrackingUrls in tracking-urls.ts). */
export interface EmailTrackingUrls {
  click(url: string): string;
  open(): string;
}

export interface TrackedContent {
  text?: string;
  html?: string;
}

const HREF = /(\bhref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi;
// A URL in running text ends before whitespace or a closing bracket; trailing punctuation is prose.
const TEXT_URL = /https?:\/\/[^\s<>"'()[\]]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

/**
 * The body as sent: every http(s) link points at our click redirect, and with open tracking on
 * the email carries an HTML part with a 1×1 pixel; with it off there is no pixel at all. A
 * plain-text body stays the text part (links rewritten) and gets an HTML twin only when the pixel
 * needs one; an HTML body stays HTML, with a text/plain alternative generated from it (spam
 * filters score HTML-only mail, and some readers show only text).
 */
export function trackContent(body: string, urls: EmailTrackingUrls, openTracking: boolean): TrackedContent {
  if (isHtmlBody(body)) {
    const html = body.replace(HREF, (_match, prefix: string, quote: string, url: string) => {
      return `${prefix}${quote}${escapeHtml(urls.click(decodeEntities(url)))}${quote}`;
    });
    return { html: openTracking ? withPixel(html, urls.open()) : html, text: textAlternative(html) };
  }
  const text = mapTextUrls(
    body,
    (url) => url,
    (url) => urls.click(url),
  );
  if (!openTracking) return { text };
  const html = mapTextUrls(
    body,
    escapeHtml,
    (url) => `<a href="${escapeHtml(urls.click(url))}">${escapeHtml(url)}</a>`,
  );
  return { text, html: withPixel(`<div>${html.replace(/\r?\n/g, '<br>\n')}</div>`, urls.open()) };
}

/** Maps the prose and the URLs of a text separately (the HTML twin escapes one and links the other). */
function mapTextUrls(text: string, prose: (segment: string) => string, link: (url: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(TEXT_URL)) {
    const trailing = TRAILING_PUNCTUATION.exec(match[0])?.[0] ?? '';
    const url = match[0].slice(0, match[0].length - trailing.length);
    out += prose(text.slice(last, match.index)) + link(url);
    last = match.index + url.length;
  }
  return out + prose(text.slice(last));
}

function withPixel(html: string, pixelUrl: string): string {
  const pixel = `<img src="${escapeHtml(pixelUrl)}" width="1" height="1" alt="" style="display:none">`;
  const close = html.search(/<\/body>/i);
  return close >= 0 ? `${html.slice(0, close)}${pixel}${html.slice(close)}` : `${html}${pixel}`;
}

/** The text part of an HTML email: its words and (tracked) links, images left out. */
function textAlternative(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
