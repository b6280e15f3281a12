/** A body with any of these tags is sent as HTML; anything else is plain text. */
const HTML_BODY = /<\/?(?:html|body|p|div|br|a|table|span|img)\b/i;

export function isHtmlBody(body: string): boolean {
  return HTML_BODY.test(body);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
