import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Topics } from '@stepwise/contracts';
import { consumerGroupId } from '@stepwise/platform';
import { CONFIG_SCHEMAS, configProblems, imageEnvironment } from './service-config';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are checked field by field */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: any };

/** What `kubectl apply -k <dir>` would send: the kustomization rendered by kubectl's own kustomize. */
export function renderKustomization(dir: string): Manifest[] {
  const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(text).map((doc) => doc.toJS() as Manifest);
}

const STEP_DUE_TOPICS: Record<string, string> = {
  'channel-email': Topics.emailStepDue,
  'channel-sms': Topics.smsStepDue,
  'channel-social': Topics.socialStepDue,
};

/** Seconds left to drain after preStop: the longest batch must fit (a minute at worst, see channel configs). */
const DRAIN_SECONDS = 45;

interface CheckOptions {
  dockerfile: string;
  /** Where the built entry points (dist/...) are looked up. */
  root: string;
  /** Every Secret is in the rendering (an overlay that generates them): check each environment in full. */
  complete: boolean;
}

function find(manifests: Manifest[], kind: string, name: string): Manifest | undefined {
  return manifests.find((m) => m.kind === kind && m.metadata.name === name);
}

function decoded(secret: Manifest): Record<string, string> {
  const data = Object.entries((secret.data ?? {}) as Record<string, string>).map(([k, v]) => [
    k,
    Buffer.from(v, 'base64').toString('utf8'),
  ]);
  return { ...Object.fromEntries(data), ...(secret.stringData ?? {}) };
}

function environment(manifests: Manifest[], container: any, problems: string[], where: string, complete: boolean) {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const found = find(manifests, kind, ref.name);
    if (!found) {
      if (complete || kind === 'ConfigMap') problems.push(`${where}: ${kind} ${ref.name} is not rendered`);
      continue;
    }
    Object.assign(env, kind === 'Secret' ? decoded(found) : found.data);
  }
  for (const item of container.env ?? []) env[item.name] = String(item.value ?? '');
  return env;
}

/** Everything in the rendered manifests that would keep a service from running, draining or scaling as designed. */
export function kubernetesProblems(manifests: Manifest[], options: CheckOptions): string[] {
  const problems: string[] = [];
  const imageEnv = imageEnvironment(options.dockerfile);
  const port = Number(imageEnv.HTTP_PORT);
  for (const service of Object.keys(CONFIG_SCHEMAS)) {
    const deployment = find(manifests, 'Deployment', service);
    if (!deployment) {
      problems.push(`${service}: no Deployment`);
      continue;
    }
    const pod = deployment.spec.template;
    const labels = pod.metadata.labels as Record<string, string>;
    const selects = (selector: Record<string, string> | undefined) =>
      !!selector && Object.entries(selector).every(([k, v]) => labels[k] === v);
    const container = (pod.spec.containers as any[]).find((c) => c.name === service);
    if (!container) {
      problems.push(`${service}: no container named ${service}`);
      continue;
    }
    const entry = `dist/apps/${service}/main.js`;
    if (container.command !== undefined) {
      problems.push(`${service}: command replaces the image's entrypoint (tini), which forwards signals: use args`);
    }
    if (JSON.stringify(container.args) !== JSON.stringify(['node', entry])) {
      problems.push(`${service}: args ${JSON.stringify(container.args)} are not node ${entry}`);
    }
    if (!existsSync(join(options.root, entry))) problems.push(`${service}: ${entry} does not exist after build`);
    const http = (container.ports ?? []).find((p: any) => p.name === 'http');
    if (http?.containerPort !== port) problems.push(`${service}: port http is not the image's HTTP_PORT ${port}`);
    for (const [probe, path] of [
      ['readinessProbe', '/health/ready'],
      ['livenessProbe', '/health/live'],
    ] as const) {
      const get = container[probe]?.httpGet;
      if (get?.path !== path || get?.port !== 'http') problems.push(`${service}: ${probe} is not GET ${path} on http`);
    }
    const preStop = container.lifecycle?.preStop;
    const sleep = preStop?.sleep?.seconds ?? Number(preStop?.exec?.command?.[1] ?? NaN);
    if (!(sleep > 0)) problems.push(`${service}: no preStop pause before SIGTERM`);
    const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    if (!(grace >= (sleep || 0) + DRAIN_SECONDS)) {
      problems.push(`${service}: terminationGracePeriodSeconds ${grace} leaves less than ${DRAIN_SECONDS} s to drain`);
    }
    const requests = container.resources?.requests ?? {};
    if (!requests.cpu || !requests.memory) problems.push(`${service}: no cpu and memory requests`);
    if (!container.resources?.limits?.memory) problems.push(`${service}: no memory limit`);
    if (pod.spec.securityContext?.runAsNonRoot !== true) problems.push(`${service}: may run as root`);

    const migrate = (pod.spec.initContainers ?? []).find(
      (c: any) => c.command === undefined && JSON.stringify(c.args) === JSON.stringify(['node', entry, 'migrate']),
    );
    if (!migrate) problems.push(`${service}: no init container running node ${entry} migrate`);
    else if (migrate.image !== container.image) problems.push(`${service}: migrations from another image`);

    const pdb = manifests.find((m) => m.kind === 'PodDisruptionBudget' && selects(m.spec?.selector?.matchLabels));
    if (!pdb) problems.push(`${service}: no PodDisruptionBudget`);
    const svc = find(manifests, 'Service', service);
    if (!svc || !selects(svc.spec.selector)) problems.push(`${service}: no Service selecting its pods`);

    const env = { ...imageEnv, ...environment(manifests, container, problems, service, options.complete) };
    if (options.complete) {
      problems.push(...configProblems(service, env));
      const migrateEnv = environment(manifests, migrate ?? {}, problems, `${service} migrate`, true);
      if (!migrateEnv.DATABASE_URL) problems.push(`${service}: the migrate init container has no DATABASE_URL`);
    } else {
      // Without the secrets only unknown variables can be told apart.
      problems.push(...configProblems(service, env).filter((p) => !p.includes('Invalid environment')));
    }

    const topic = STEP_DUE_TOPICS[service];
    if (!topic) continue;
    const scaled = manifests.find((m) => m.kind === 'ScaledObject' && m.spec?.scaleTargetRef?.name === service);
    if (!scaled) {
      problems.push(`${service}: no ScaledObject`);
      continue;
    }
    if (deployment.spec.replicas !== undefined) problems.push(`${service}: replicas set beside its ScaledObject`);
    const trigger = (scaled.spec.triggers ?? []).find((t: any) => t.type === 'kafka')?.metadata;
    const partitions = Number(env.KAFKA_TOPIC_PARTITIONS ?? 6);
    const expected = {
      topic: `${env.KAFKA_TOPIC_PREFIX ?? ''}${topic}`,
      consumerGroup: consumerGroupId(env.KAFKA_GROUP_PREFIX ?? 'stepwise', service, 'step-due'),
      bootstrapServers: env.KAFKA_BROKERS,
    };
    for (const [field, value] of Object.entries(expected)) {
      if (trigger?.[field] !== value)
        problems.push(`${service}: ScaledObject ${field} ${trigger?.[field]}, expected ${value}`);
    }
    if (scaled.spec.maxReplicaCount !== partitions) {
      problems.push(`${service}: maxReplicaCount ${scaled.spec.maxReplicaCount} is not the ${partitions} partitions`);
    }
    if (!(scaled.spec.minReplicaCount >= 1)) problems.push(`${service}: may scale to zero`);
  }
  return problems;
}
