/**
 * A small static server for the browser build (out/web): binds 127.0.0.1, answers GET/HEAD only, and sends
 * the same security headers as the Electron `app://` protocol (CSP, COOP, COEP, CORP), through the same
 * path-traversal-safe resolver. Used by `npm start` (fallback and --web) and by the e2e tests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBundleResponse } from '../electron/main/bundle-files.ts';
import { securityHeaders } from '../electron/main/security-headers.ts';

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  root: string;
  host?: string;
  /** First port to try; 0 picks any free port. */
  port?: number;
  /** How many following ports to try when the first is busy (default 20). */
  portAttempts?: number;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const first = options.port ?? 5173;
  const attempts = first === 0 ? 1 : (options.portAttempts ?? 20);
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...securityHeaders(), Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('405: method not allowed\n');
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      res.writeHead(400, securityHeaders());
      res.end();
      return;
    }
    readBundleResponse(options.root, pathname).then((r) => {
      res.writeHead(r.status, r.headers);
      res.end(req.method === 'HEAD' ? undefined : r.body);
    }, (err: unknown) => {
      res.writeHead(500, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`500: ${(err as Error).message}\n`);
    });
  });
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const port = await listen(server, first + i, host);
      return {
        url: `http://${host}:${port}/`,
        port,
        close: () => new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
      };
    } catch (err) {
      lastError = err;
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') break;
    }
  }
  throw new Error(`serve-web: could not listen on ${host}:${first}${attempts > 1 ? `-${first + attempts - 1}` : ''}: ${(lastError as Error).message}. Pass --port with a free port.`);
}
