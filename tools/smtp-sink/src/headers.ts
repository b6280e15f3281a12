import type { Readable } from 'node:stream';

/** Headers larger than this are cut: the sink only reports them, it never needs a whole message. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Reads a message stream to its end and returns only its header block. The body is drained
 * without being kept, so a benchmark pushing thousands of messages a second costs no memory.
 */
export function readHeaderBlock(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let complete = false;
    stream.on('data', (chunk: Buffer) => {
      if (complete || kept >= MAX_HEADER_BYTES) return;
      chunks.push(chunk);
      kept += chunk.length;
      complete = headerEnd(Buffer.concat(chunks)) >= 0;
    });
    stream.once('error', reject);
    stream.once('end', () => {
      const raw = Buffer.concat(chunks);
      const end = headerEnd(raw);
      resolve(raw.subarray(0, end >= 0 ? end : Math.min(raw.length, MAX_HEADER_BYTES)).toString('utf8'));
    });
  });
}

/** Reads a whole message; only for sinks started with keepRaw. */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The header block of a whole message. */
export function headerBlockOf(message: string): string {
  const end = /\r?\n\r?\n/.exec(message);
  return end ? message.slice(0, end.index) : message;
}

function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  return crlf >= 0 ? crlf : raw.indexOf('\n\n');
}

/**
 * Parses an RFC 5322 header block into lower-case names. Folded lines are unfolded; a header
 * that occurs more than once (Received) keeps every value, one per line.
 */
export function parseHeaderBlock(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of unfold(block)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeEncodedWords(line.slice(colon + 1).trim());
    headers[name] = name in headers ? `${headers[name]}\n${value}` : value;
  }
  return headers;
}

function unfold(block: string): string[] {
  const lines: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1] += ` ${line.trim()}`;
    else lines.push(line);
  }
  return lines;
}

const ENCODED_WORD = /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words (=?UTF-8?Q?Jos=C3=A9?=) so subjects read as they were written.
 * Whitespace between two adjacent encoded words belongs to the encoding and is dropped.
 */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      try {
        return new TextDecoder(charset).decode(bytes);
      } catch {
        // An unknown charset is shown as sent rather than guessed at.
        return word;
      }
    });
}
