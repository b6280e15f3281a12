import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubernetesProblems, renderKustomization, type Manifest } from './support/kubernetes-check';

const ROOT = join(__dirname, '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const BASE = join(ROOT, 'deploy', 'k8s', 'base');
const EXAMPLE = join(ROOT, 'deploy', 'k8s', 'overlays', 'example');

const clone = (manifests: Manifest[]) => structuredClone(manifests);
const of = (manifests: Manifest[], kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name) as Manifest;

// No cluster here: kubectl renders the kustomizations and the result is checked as the API server
// and KEDA would read it, against the build output, the config schemas and the topic contracts.
describe('Kubernetes manifests (deploy/k8s)', () => {
  let base: Manifest[];
  let example: Manifest[];

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
    base = renderKustomization(BASE);
    example = renderKustomization(EXAMPLE);
  });

  test('the base renders a Deployment, Service and PodDisruptionBudget per service and a ScaledObject per channel', () => {
    expect(kubernetesProblems(base, { dockerfile: DOCKERFILE, root: ROOT, complete: false })).toEqual([]);
    const count = (kind: string) => base.filter((m) => m.kind === kind).length;
    expect([count('Deployment'), count('Service'), count('PodDisruptionBudget'), count('ScaledObject')]).toEqual([
      6, 6, 6, 3,
    ]);
    expect(count('Secret')).toBe(0);
  });

  test('the example overlay gives every service exactly the environment its config schema accepts', () => {
    expect(kubernetesProblems(example, { dockerfile: DOCKERFILE, root: ROOT, complete: true })).toEqual([]);
    expect(of(example, 'ScaledObject', 'channel-email').spec.maxReplicaCount).toBe(24);
  });

  test('the check refuses probes, drains, scaling and environments that would not work', () => {
    const broken = clone(example);
    const dispatcher = of(broken, 'Deployment', 'dispatcher').spec.template.spec;
    dispatcher.containers[0].readinessProbe.httpGet.path = '/health/live';
    dispatcher.terminationGracePeriodSeconds = 30;
    delete dispatcher.containers[0].resources.requests.cpu;
    dispatcher.initContainers = [];
    of(broken, 'Deployment', 'analytics').spec.template.spec.containers[0].command = [
      'node',
      'dist/apps/analytics/main.js',
    ];
    of(broken, 'ScaledObject', 'channel-sms').spec.maxReplicaCount = 50;
    of(broken, 'ScaledObject', 'channel-social').spec.triggers[0].metadata.consumerGroup = 'stepwise.channel-social';
    const email = of(broken, 'ConfigMap', 'channel-email');
    email.data.SMTP_HOSTNAME = 'smtp.example.com';
    const analyticsSecret = broken.find(
      (m) => m.kind === 'Secret' && m.metadata.name.startsWith('analytics-'),
    ) as Manifest;
    delete analyticsSecret.data.DATABASE_URL;
    broken.splice(broken.indexOf(of(broken, 'PodDisruptionBudget', 'enrollment')), 1);
    expect(kubernetesProblems(broken, { dockerfile: DOCKERFILE, root: ROOT, complete: true })).toEqual(
      expect.arrayContaining([
        'dispatcher: readinessProbe is not GET /health/ready on http',
        'dispatcher: terminationGracePeriodSeconds 30 leaves less than 45 s to drain',
        'dispatcher: no cpu and memory requests',
        'dispatcher: no init container running node dist/apps/dispatcher/main.js migrate',
        'channel-sms: maxReplicaCount 50 is not the 24 partitions',
        'channel-social: ScaledObject consumerGroup stepwise.channel-social, expected stepwise.channel-social.step-due',
        'channel-email: SMTP_HOSTNAME is not a variable of its config',
        expect.stringMatching(/^analytics: Invalid environment: DATABASE_URL: required/),
        'enrollment: no PodDisruptionBudget',
        "analytics: command replaces the image's entrypoint (tini), which forwards signals: use args",
      ]),
    );
  });
});
