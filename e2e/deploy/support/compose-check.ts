import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_SCHEMAS, configProblems, imageEnvironment } from './service-config';

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean> | string[];
  volumes?: unknown[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** docker-compose.yml as Compose reads it: YAML with merge keys (`<<:`) resolved. */
export function renderCompose(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

function environmentOf(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.map((pair) => [pair.split('=')[0] ?? '', pair.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, String(value)]));
}

const BUILT_ENTRY = /^dist\/(apps|tools)\/([a-z0-9-]+)\/main\.js$/;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/;

/**
 * Everything that would stop `docker compose up` from running the system as the tests run it.
 * `root` is where built entry points (dist/...) are looked up.
 */
export function composeProblems(compose: ComposeFile, dockerfile: string, root: string): string[] {
  const problems: string[] = [];
  const imageEnv = imageEnvironment(dockerfile);
  const names = new Set(Object.keys(compose.services));
  const stepwise = Object.entries(compose.services).filter(([, service]) => service.image === 'stepwise:local');
  for (const app of [...Object.keys(CONFIG_SCHEMAS), 'smtp-sink', 'twilio-fake', 'social-simulator']) {
    if (compose.services[app]?.image !== 'stepwise:local') problems.push(`${app}: not run from the stepwise image`);
  }
  const listening = new Map<string, string[]>(); // service -> ports it listens on inside its container

  for (const [name, service] of stepwise) {
    const env = { ...imageEnv, ...environmentOf(service) };
    if (service.build === undefined) problems.push(`${name}: not built from the Dockerfile`);
    if ((service.volumes ?? []).length > 0) problems.push(`${name}: mounts ${JSON.stringify(service.volumes)}`);
    const command = service.command;
    if (!Array.isArray(command)) {
      problems.push(`${name}: command must be exec form (a shell forwards no signals): ${String(command)}`);
      continue;
    }
    if (command[0] !== 'node' || command.some((part) => /[&;|]|^sh$|^bash$/.test(part))) {
      problems.push(`${name}: command must run node itself: ${command.join(' ')}`);
    }
    const entry = BUILT_ENTRY.exec(command[1] ?? '');
    if (!entry) {
      problems.push(`${name}: ${command[1]} is not a built entry point (dist/<apps|tools>/<name>/main.js)`);
      continue;
    }
    if (!existsSync(join(root, command[1] as string)))
      problems.push(`${name}: ${command[1]} does not exist after build`);
    const [, kind, target] = entry;
    if (kind === 'apps') {
      if (target !== name) problems.push(`${name}: runs ${target}`);
      problems.push(...configProblems(target as string, env));
      listening.set(name, [env.HTTP_PORT ?? '']);
    } else {
      // A stand-in has no config schema: each variable it is given must be one its main.ts reads.
      const main = readFileSync(join(root, 'tools', target as string, 'src', 'main.ts'), 'utf8');
      for (const variable of Object.keys(environmentOf(service))) {
        if (!new RegExp(`[.'"]${variable}\\b`).test(main))
          problems.push(`${name}: ${target} does not read ${variable}`);
      }
      listening.set(
        name,
        Object.entries(environmentOf(service))
          .filter(([variable]) => variable.endsWith('_PORT'))
          .map(([, value]) => value),
      );
    }
    for (const [variable, value] of Object.entries(env)) {
      if (/_HOST$/.test(variable) && LOOPBACK.test(value)) {
        problems.push(`${name}: ${variable}=${value} listens on loopback, unreachable from other containers`);
      }
    }
  }

  // Every URL a service is given must reach another container by its service name and port.
  for (const [name, service] of stepwise) {
    for (const [variable, value] of Object.entries(environmentOf(service))) {
      if (!/^https?:\/\//.test(value)) continue;
      const url = new URL(value);
      if (!names.has(url.hostname)) {
        problems.push(`${name}: ${variable}=${value} names no compose service`);
        continue;
      }
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      const expected = listening.get(url.hostname) ?? [];
      if (!expected.includes(port)) {
        problems.push(
          `${name}: ${variable}=${value}, but ${url.hostname} listens on ${expected.join(', ') || 'no known port'}`,
        );
      }
    }
  }

  // A stand-in must expect the credentials the channel presents, or every call answers 401.
  const env = (service: string) => environmentOf(compose.services[service] ?? {});
  for (const [channel, fake, variables] of [
    ['channel-sms', 'twilio-fake', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']],
    ['channel-social', 'social-simulator', ['SOCIAL_PROVIDER_TOKEN']],
  ] as const) {
    for (const variable of variables) {
      if (env(channel)[variable] !== env(fake)[variable]) {
        problems.push(
          `${fake}: ${variable} differs from ${channel}'s (${env(fake)[variable]} vs ${env(channel)[variable]})`,
        );
      }
    }
  }
  return problems;
}
