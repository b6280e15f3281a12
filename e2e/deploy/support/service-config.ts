import type { z } from 'zod';
import { loadConfig } from '@stepwise/observability';
import { analyticsConfigSchema } from '../../../apps/analytics/src/config';
import { channelEmailConfigSchema } from '../../../apps/channel-email/src/config';
import { smsConfigSchema } from '../../../apps/channel-sms/src/config';
import { socialConfigSchema } from '../../../apps/channel-social/src/config';
import { dispatcherConfigSchema } from '../../../apps/dispatcher/src/config';
import { enrollmentConfigSchema } from '../../../apps/enrollment/src/config';

/** Each service's validated config (apps/<service>/src/config.ts), the schema it checks at start. */
export const CONFIG_SCHEMAS: Record<string, z.ZodObject> = {
  enrollment: enrollmentConfigSchema,
  dispatcher: dispatcherConfigSchema,
  'channel-email': channelEmailConfigSchema,
  'channel-sms': smsConfigSchema,
  'channel-social': socialConfigSchema,
  analytics: analyticsConfigSchema,
};

/** Read by Node itself, not by a service's config. */
const RUNTIME_VARIABLES = new Set(['NODE_ENV', 'NODE_OPTIONS']);

/**
 * What is wrong with `env` as the environment of `service`: a variable its schema does not know
 * (a typo, or one meant for another service, silently ignored at run time), or the issues
 * loadConfig would refuse the service's start with.
 */
export function configProblems(service: string, env: Record<string, string>): string[] {
  const schema = CONFIG_SCHEMAS[service];
  if (!schema) return [`${service}: not a Stepwise service`];
  const known = new Set(Object.keys(schema.shape));
  const problems = Object.keys(env)
    .filter((name) => !known.has(name) && !RUNTIME_VARIABLES.has(name))
    .map((name) => `${service}: ${name} is not a variable of its config`);
  try {
    loadConfig(schema, env);
  } catch (error) {
    problems.push(`${service}: ${(error as Error).message}`);
  }
  return problems;
}

/** The ENV of the Dockerfile's last stage: every container of the image starts with it. */
export function imageEnvironment(dockerfile: string): Record<string, string> {
  const stages = dockerfile.split(/^FROM\s/m);
  const runtime = (stages[stages.length - 1] ?? '').replace(/\\\n/g, ' ');
  const env: Record<string, string> = {};
  for (const line of runtime.split('\n')) {
    const match = /^ENV\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    for (const pair of (match[1] ?? '').trim().split(/\s+/)) {
      const [name, ...value] = pair.split('=');
      if (name) env[name] = value.join('=');
    }
  }
  return env;
}
