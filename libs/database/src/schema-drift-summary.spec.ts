import { flattenDriftSummary } from './schema-drift-summary';

describe('flattenDriftSummary', () => {
  it('turns each leaf of the outline into one line prefixed by its headings', () => {
    const summary = [
      '',
      '[+] Added tables',
      '  - step',
      '',
      '[-] Removed tables',
      '  - stray',
      '',
      '[*] Changed the `sequence` table',
      '  [+] Added unique index on columns (owner_id, name)',
      '  [*] Altered column `name` (changed from Nullable to Required)',
      '',
    ].join('\n');

    expect(flattenDriftSummary(summary)).toEqual([
      'Added tables: step',
      'Removed tables: stray',
      'Changed the `sequence` table: Added unique index on columns (owner_id, name)',
      'Changed the `sequence` table: Altered column `name` (changed from Nullable to Required)',
    ]);
  });

  it('keeps deeper nesting and lone lines', () => {
    const summary = 'Something odd\n[*] A\n  [*] B\n    - c\n  [+] d\n';
    expect(flattenDriftSummary(summary)).toEqual(['Something odd', 'A: B: c', 'A: d']);
  });

  it('is empty for an empty summary', () => {
    expect(flattenDriftSummary('\n\n')).toEqual([]);
  });
});
