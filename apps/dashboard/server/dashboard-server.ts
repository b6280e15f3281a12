import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import compression from 'compression';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

export interface DashboardServerOptions {
  port: number;
  host?: string;
  enrollmentUrl: string;
  analyticsUrl: string;
  /** The Vite build; defaults to apps/dashboard/dist. */
  distDir?: string;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_DIST = join(__dirname, '..', 'dist');

/**
 * Serves the built screens and forwards /api/enrollment and /api/analytics to the services, so the
 * browser talks to one origin and the services need no CORS. The API key travels in the request's
 * x-api-key header untouched: the server holds no credentials of its own.
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const distDir = options.distDir ?? DEFAULT_DIST;
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html is missing: run npm run dashboard:build first`);
  }
  const app = express();
  app.disable('x-powered-by');
  app.get('/health/live', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/health/ready', (_req, res) => void res.json({ status: 'ok' }));
  app.use('/api/enrollment', createProxyMiddleware({ target: options.enrollmentUrl, changeOrigin: true }));
  app.use('/api/analytics', createProxyMiddleware({ target: options.analyticsUrl, changeOrigin: true }));
  // The bundle is 1.4 MB as built and about 0.4 MB gzipped: the first view waits on it.
  app.use(compression());
  app.use(express.static(distDir, { index: 'index.html', maxAge: '1h' }));
  // Client-side routes (/sequences/seq_1/overview) all load the same page.
  app.get('/{*path}', (_req, res) => res.sendFile(join(distDir, 'index.html')));

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, options.host ?? '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
