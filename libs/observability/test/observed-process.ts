import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export type LogLine = Record<string, unknown> & { msg?: string };

const REPO_ROOT = join(__dirname, '../../..');
const FIXTURE = join(__dirname, 'fixtures/observed-app.ts');

/** The fixture service running in its own process, with its JSON log lines parsed as they arrive. */
export class ObservedProcess {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private readonly child: ChildProcess;
  private waiters: (() => void)[] = [];
  /** 'close' comes after the process exited and its output was read to the end; 'exit' may come first. */
  private outputClosed = false;

  constructor(env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
      cwd: REPO_ROOT,
      env: { ...process.env, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) this.logs.push(JSON.parse(line) as LogLine);
      this.notify();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.once('close', () => {
      this.outputClosed = true;
      this.notify();
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.notify();
        resolve({ code, signal });
      }),
    );
  }

  async waitForLog(predicate: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(predicate);
      if (found) return found;
      // Not on 'exit': the last lines a process wrote before exiting may not have been read yet.
      if (this.outputClosed || Date.now() > deadline) {
        throw new Error(`log line not seen; stdout: ${JSON.stringify(this.logs)}; stderr: ${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Waits for the "listening" line and returns the base URL of the port actually bound. */
  async baseUrl(): Promise<string> {
    const line = await this.waitForLog((l) => l.msg === 'listening');
    return `http://127.0.0.1:${String(line.port)}`;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Test cleanup: only this process, only if still running. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
