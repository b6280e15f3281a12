import { randomBytes } from 'node:crypto';

/** A lowercase name no other test run uses: schemas, topic prefixes, consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
