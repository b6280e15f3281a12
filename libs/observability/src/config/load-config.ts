import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';

type Env = Record<string, string | undefined>;

/**
 * Validates the environment against `schema` and returns the typed, coerced config.
 * Call it once at start, before anything connects, so a bad deployment fails fast and loudly.
 */
export function loadConfig<T extends z.ZodObject>(schema: T, env: Env = process.env): z.infer<T> {
  const input = withoutEmptyValues(env);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => toConfigIssue(issue, input)));
}

// Compose files and shells export unset variables as ''. Treating '' as absent lets defaults apply
// and stops z.coerce.number() from silently turning '' into 0.
function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

function toConfigIssue(issue: z.core.$ZodIssue, input: Env): ConfigIssue {
  const variable = issue.path.map(String).join('.') || '(environment)';
  const missing = issue.path.length === 1 && input[String(issue.path[0])] === undefined;
  return { variable, problem: missing ? 'required' : issue.message };
}
