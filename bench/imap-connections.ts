/**
 * IMAP connection cost: `npm run bench:imap` (not a test: it measures, it does not assert).
 *
 * Opens BENCH_IMAP_CONNECTIONS (default 500) imapflow connections to the local Dovecot
 * (scripts/imap.sh, started here when it is down), each logged in with INBOX selected and idling,
 * the way reply sync watches one mailbox per connection. Then, idle for BENCH_IMAP_IDLE_S seconds:
 *   - client side: RSS and heap growth per connection, CPU per connection-hour while idle;
 *   - server side: Dovecot's processes (one `imap` process per connection), RSS per connection,
 *     CPU while idle;
 *   - IDLE push: one message appended, time until every connection heard EXISTS (p50, max).
 * Prints the figures with the load average and writes .local/bench/imap-connections.json.
 * All connections log in to one account: Dovecot's mail_max_userip_connections is raised for it.
 * Dovecot pushes new mail to an IDLE session through inotify; past fs.inotify.max_user_instances
 * (128 on Debian) a session can only fall back to checking every mailbox_idle_check_interval
 * (30 s), so the push figure is Dovecot's on this box, not what a provider's IMAP would show.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { appendToInbox, createImapAccount, IMAP_PORT } from '@stepwise/testing';

const CONNECTIONS = Number(process.env.BENCH_IMAP_CONNECTIONS ?? 500);
const IDLE_S = Number(process.env.BENCH_IMAP_IDLE_S ?? 60);
const OPEN_CONCURRENCY = 20;
const ROOT = join(__dirname, '..');
const TICKS = 100; // USER_HZ on Linux

function dovecotProcesses(): { pid: number; name: string }[] {
  const found: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // instance_name in scripts/imap.sh names every process of this instance "dovecot-stepwise-imap/<service>".
      if (cmd.startsWith('dovecot-stepwise-imap/') || cmd.includes('.local/imap/dovecot.conf'))
        found.push({ pid: Number(entry), name: cmd.split(' ')[0] });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** PSS, not RSS: the imap processes share Dovecot's libraries, which RSS would count once per process. */
function processStats(pids: number[]): { rssKiB: number; cpuS: number } {
  let rssKiB = 0;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rssKiB += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return { rssKiB, cpuS: ticks / TICKS };
}

function serverStats() {
  // Dovecot's own processes all live under the instance's base_dir; imap processes are named "dovecot/imap".
  const pids = dovecotProcesses().map((p) => p.pid);
  return { processes: pids.length, ...processStats(pids) };
}

async function main(): Promise<void> {
  execFileSync('bash', [join(ROOT, 'scripts', 'imap.sh'), 'start'], { stdio: 'inherit' });
  const account = createImapAccount();
  await new Promise((resolve) => setTimeout(resolve, 500));
  global.gc?.();
  const clientBefore = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
  const serverBefore = serverStats();

  const clients: ImapFlow[] = [];
  const heard = new Map<ImapFlow, number>();
  const openStarted = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: OPEN_CONCURRENCY }, async () => {
      while (next < CONNECTIONS) {
        next++;
        const client = new ImapFlow({
          host: '127.0.0.1',
          port: IMAP_PORT,
          secure: false,
          auth: { user: account.user, pass: account.password },
          logger: false,
        });
        client.on('error', () => undefined);
        client.on('exists', () => heard.set(client, Date.now()));
        await client.connect();
        await client.mailboxOpen('INBOX');
        clients.push(client);
      }
    }),
  );
  const openMs = Date.now() - openStarted;
  console.log(`opened ${clients.length} IMAP connections in ${openMs} ms; idling ${IDLE_S} s`);

  await new Promise((resolve) => setTimeout(resolve, 3_000));
  global.gc?.();
  const cpuStart = process.cpuUsage();
  const serverIdleStart = serverStats();
  await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1_000));
  const cpu = process.cpuUsage(cpuStart);
  const serverIdleEnd = serverStats();
  global.gc?.();
  const clientAfter = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };

  await appendToInbox(account, 'From: a@candidate.example\r\nSubject: ping\r\n\r\nping\r\n');
  // From the APPEND's completion: its own login is not part of the push.
  const appended = Date.now();
  const deadline = Date.now() + 30_000;
  while (heard.size < clients.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const pushMs = [...heard.values()].map((t) => t - appended).sort((a, b) => a - b);

  const n = clients.length;
  const idleHours = IDLE_S / 3600;
  const result = {
    measuredAt: new Date().toISOString(),
    connections: n,
    idleSeconds: IDLE_S,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    openMs,
    client: {
      rssKiBPerConnection: Math.round((clientAfter.rss - clientBefore.rss) / 1024 / n),
      heapKiBPerConnection: Math.round((clientAfter.heap - clientBefore.heap) / 1024 / n),
      cpuMsPerConnectionHour: Number(((cpu.user + cpu.system) / 1000 / n / idleHours).toFixed(2)),
    },
    server: {
      processes: serverIdleEnd.processes,
      pssKiBPerConnection: Math.round((serverIdleEnd.rssKiB - serverBefore.rssKiB) / n),
      cpuMsPerConnectionHour: Number((((serverIdleEnd.cpuS - serverIdleStart.cpuS) * 1000) / n / idleHours).toFixed(2)),
    },
    idlePush: {
      heard: heard.size,
      p50Ms: pushMs[Math.floor(pushMs.length / 2)] ?? null,
      maxMs: pushMs.at(-1) ?? null,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(ROOT, '.local', 'bench'), { recursive: true });
  writeFileSync(join(ROOT, '.local', 'bench', 'imap-connections.json'), JSON.stringify(result, null, 2));
  await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
