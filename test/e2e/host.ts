// The e2e test host: serves the BUILT renderer and answers `window.desk` calls with the
// same main-process handlers, through the same contract and the same dispatch as
// Electron's IPC. Bound to 127.0.0.1 only, every call carries a random token. Test-only.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHANNEL_NAMES, type ChannelName, type EventName, type Handlers } from '../../src-main/ipc/contract';
import type { Emit, HandlerContext } from '../../src-main/ipc/context';
import { dispatch } from '../../src-main/ipc/handle';
import { APP_ORIGIN, serveAppFile } from '../../src-main/shell/protocol';

export interface TestHost {
  url: string;
  token: string;
  emit: Emit;
  /** Calls received, by channel: lets a test prove the UI went through main. */
  calls: { channel: ChannelName; payload: unknown }[];
  close(): Promise<void>;
}

export async function startTestHost(options: {
  rendererDir: string;
  handlers: () => Handlers<HandlerContext>;
  /** The same context main's IPC uses (agent from the workspace settings). */
  context: () => HandlerContext;
}): Promise<TestHost> {
  const token = randomBytes(24).toString('hex');
  const streams = new Set<ServerResponse>();
  const calls: TestHost['calls'] = [];
  const emit: Emit = (name, payload) => {
    for (const stream of streams) {
      // A page that went away (a test closing its context) must not fail main's next event.
      if (stream.writableEnded || stream.destroyed) streams.delete(stream);
      else stream.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/ipc/') && req.method === 'POST') {
      if (req.headers['x-desk-token'] !== token) return void res.writeHead(403).end();
      const channel = decodeURIComponent(url.pathname.slice(5)) as ChannelName;
      if (!CHANNEL_NAMES.includes(channel)) return void res.writeHead(404).end();
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const payload: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      calls.push({ channel, payload });
      const result = await dispatch(channel, options.handlers()[channel], payload, options.context());
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/events') {
      if (url.searchParams.get('token') !== token) return void res.writeHead(403).end();
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': ready\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    // The page's files come from main's own app:// handler: the same traversal guard,
    // content types and CSP header as the packaged app.
    const response = await serveAppFile(options.rendererDir, `${APP_ORIGIN}${url.pathname}`);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    emit,
    calls,
    close: () =>
      new Promise((resolve) => {
        for (const stream of streams) stream.end();
        streams.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The page side of the host: builds `window.desk` exactly like the preload does (one
 * function per contract channel, grouped by domain; `desk.on.<event>`), over fetch/SSE.
 * Runs in the page before the app's scripts (Playwright addInitScript). It is plain
 * JavaScript source on purpose: a transpiled function can carry the transpiler's helpers
 * (tsx adds __name calls), which do not exist in the page.
 */
export function deskInitScript(args: { channels: readonly string[]; events: readonly EventName[]; token: string }): string {
  return `(() => {
  const args = ${JSON.stringify(args)};
  const desk = { on: {} };
  for (const name of args.channels) {
    const [domain, verb] = name.split(':');
    desk[domain] = desk[domain] || {};
    desk[domain][verb] = async (request = {}) => {
      const response = await fetch('/ipc/' + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-desk-token': args.token },
        body: JSON.stringify(request),
      });
      return response.json();
    };
  }
  const source = new EventSource('/events?token=' + args.token);
  for (const name of args.events) {
    desk.on[name] = (listener) => {
      const wrapped = (event) => listener(JSON.parse(event.data));
      source.addEventListener(name, wrapped);
      return () => source.removeEventListener(name, wrapped);
    };
  }
  Object.defineProperty(window, 'desk', { value: Object.freeze(desk), writable: false });
})();`;
}
