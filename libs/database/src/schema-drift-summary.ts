// The engine's summary is an indented outline, e.g.
//   [+] Added tables
//     - Extra
//   [*] Changed the `widget` table
//     [-] Removed unique index on columns (name)
// Each leaf becomes one line prefixed by its headings, e.g. "Changed the `widget` table: Removed unique index
// on columns (name)", so a failed toEqual([]) reads like a list of findings.
const MARKER = /^(\[[+\-*]\]|-)\s+/;

interface OutlineLine {
  depth: number;
  text: string;
}

export function flattenDriftSummary(summary: string): string[] {
  const lines = summary
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(toOutlineLine);
  const findings: string[] = [];
  const headings: OutlineLine[] = [];
  lines.forEach((line, index) => {
    while (headings.length > 0 && (headings.at(-1) as OutlineLine).depth >= line.depth) headings.pop();
    const next = lines[index + 1];
    if (next && next.depth > line.depth) headings.push(line);
    else findings.push([...headings.map((heading) => heading.text), line.text].join(': '));
  });
  return findings;
}

function toOutlineLine(line: string): OutlineLine {
  const trimmed = line.trimStart();
  return { depth: line.length - trimmed.length, text: trimmed.trimEnd().replace(MARKER, '') };
}
