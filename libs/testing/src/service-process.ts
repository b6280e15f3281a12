import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtEntry } from './built-entry';
import { waitFor } from './wait-for';

export interface ServiceProcessOptions {
  /** Name used for the log file. */
  name: string;
  /**
   * Source entry relative to the repository root, e.g. apps/enrollment/src/main.ts: the process
   * runs its build output (dist/apps/enrollment/main.js), rebuilt first when the sources changed.
   */
  entry: string;
  port: number;
  env: Record<string, string>;
  /** Where each service's stdout/stderr goes; defaults to .local/test-logs. */
  logDir?: string;
  readyTimeoutMs?: number;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] for a benchmark's profile. */
  nodeArgs?: string[];
}

const ROOT = join(__dirname, '..', '..', '..');

/** One service run as its own Node process from its build output, the way it runs in production. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  readonly logFile: string;

  constructor(private readonly options: ServiceProcessOptions) {
    const dir = options.logDir ?? join(ROOT, '.local', 'test-logs');
    mkdirSync(dir, { recursive: true });
    this.logFile = join(dir, `${options.name}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** The running process's id, for benchmarks that read its CPU and memory from /proc. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<this> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const { command } = builtEntry(this.options.entry);
    this.child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), ...command], {
      cwd: ROOT,
      env: { ...process.env, ...this.options.env, HTTP_PORT: String(this.options.port), HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    const child = this.child;
    const exited = new Promise<never>((_resolve, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`${this.options.name} exited with ${code} before it was ready (log: ${this.logFile})`)),
      ),
    );
    exited.catch(() => undefined);
    const ready = waitFor(
      `${this.options.name} to be ready (log: ${this.logFile})`,
      async () => (await fetch(`${this.url}/health/ready`)).ok,
      { timeoutMs: this.options.readyTimeoutMs ?? 60_000, intervalMs: 200 },
    );
    await Promise.race([ready, exited]);
    return this;
  }

  /** SIGTERM and wait: the service drains its in-flight batch first. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** SIGKILL: a crash at an arbitrary instant. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.child = null;
  }
}
