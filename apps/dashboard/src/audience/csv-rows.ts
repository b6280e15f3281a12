import Papa from 'papaparse';

/** Columns a CSV may have that are recipient fields; any other column becomes a template variable. */
type Field = 'email' | 'phone' | 'linkedinProfile' | 'firstName' | 'lastName' | 'timezone';
const ALIASES: Record<string, Field> = {
  email: 'email',
  phone: 'phone',
  linkedin: 'linkedinProfile',
  linkedinprofile: 'linkedinProfile',
  linkedin_profile: 'linkedinProfile',
  firstname: 'firstName',
  first_name: 'firstName',
  lastname: 'lastName',
  last_name: 'lastName',
  timezone: 'timezone',
};

export interface CsvRows {
  rows: Record<string, unknown>[];
  /** Problems of the file itself (a row with too many fields...), with its line number. */
  problems: { line: number; message: string }[];
}

/**
 * A CSV upload as enrollment rows. Values are passed on as typed, not checked: enrollment validates
 * every row and reports each refused one, so the rules stay in one place.
 */
export function parseRecipientsCsv(text: string): CsvRows {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (header) => header.trim(),
  });
  const rows = parsed.data.map((record) => {
    const row: Record<string, unknown> = {};
    const variables: Record<string, string> = {};
    for (const [column, raw] of Object.entries(record)) {
      // A line with more cells than the header keeps them under __parsed_extra: reported below, not sent.
      if (typeof raw !== 'string') continue;
      const value = raw.trim();
      if (value === '') continue;
      const field = ALIASES[column.toLowerCase()];
      if (field) row[field] = value;
      else variables[column] = value;
    }
    if (Object.keys(variables).length > 0) row.variables = variables;
    return row;
  });
  const problems = parsed.errors.map((error) => ({ line: (error.row ?? 0) + 2, message: error.message }));
  return { rows, problems };
}

/** The CSV line a row index of the request came from: line 1 is the header. */
export const csvLine = (index: number) => index + 2;
