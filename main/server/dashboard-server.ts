/**
 * The dashboard over socket.io (kiosks, tablets, second screens): the same contract as the app's IPC.
 * Every connection needs the access token; clients may send only the message types this server allows
 * (none by default: read-only); every message is parsed, rate-limited and answered, never trusted.
 */
import { RecentEvents } from './recent-events.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server, type Socket } from 'socket.io';
import {
  CHANNELS,
  MAX_CLIENT_MESSAGE_BYTES,
  parseClientMessage,
  type ClientMessageType,
  type ClientReply,
  type EngineStatus,
  type WireEvent,
} from '../common/contract.ts';
import type { EngineService } from '../engine/service.ts';
import { generateToken, tokenMatches } from './auth.ts';
import { TokenBucket } from './rate-limit.ts';
import { createStaticHandler, missingDashboardPage } from './static.ts';
import { type Logger, silentLogger } from '../core/log.ts';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../out/dashboard', import.meta.url));

/** What the server needs of the engine service (a fake may stand in for tests). */
export type DashboardSource = Pick<EngineService, 'status' | 'onEvent' | 'onStatus' | 'handle'>;

export interface DashboardServerOptions {
  service: DashboardSource;
  host?: string;
  /** 0 = any free port */
  port: number;
  /** default: a fresh random one */
  token?: string;
  /** message types clients may send; default none (read-only) */
  allow?: ReadonlySet<ClientMessageType>;
  staticDir?: string;
  /** messages per second per client (burst the same) */
  rateLimit?: number;
  log?: Logger;
}

export interface DashboardServer {
  /** the dashboard's address, without the token */
  url: string;
  token: string;
  /** connected, authorised clients */
  clients(): number;
  close(): Promise<void>;
}

const reply = (code: string, error: string): ClientReply => ({ ok: false, code, error });

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const { service, host = '127.0.0.1', port } = options;
  const token = options.token ?? generateToken();
  const allow = options.allow ?? new Set<ClientMessageType>();
  const log = options.log ?? silentLogger;
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;

  const http = createServer(createStaticHandler(staticDir, missingDashboardPage(staticDir)));
  const io = new Server(http, {
    serveClient: false,
    // a little room for socket.io's framing; the contract's own limit is checked on every message
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES + 1024,
  });

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const given = auth !== null && typeof auth === 'object' ? (auth as Record<string, unknown>).token : undefined;
    if (tokenMatches(token, given)) return next();
    log.warn(`refused a dashboard connection from ${socket.handshake.address}: bad or missing token`);
    next(new Error('unauthorized'));
  });

  io.on('connection', (socket) => onConnection(socket));

  const recent = new RecentEvents();
  const unsubscribe = [
    service.onEvent((event: WireEvent) => {
      recent.add(event);
      // a meter reading that cannot be sent now is worthless later
      if (event.kind === 'Level') io.volatile.emit(CHANNELS.event, event);
      else io.emit(CHANNELS.event, event);
    }),
    service.onStatus((status: EngineStatus) => io.emit(CHANNELS.status, status)),
  ];

  function onConnection(socket: Socket): void {
    const origin = `socket ${socket.handshake.address}`;
    const bucket = new TokenBucket(options.rateLimit ?? 50);
    socket.emit(CHANNELS.status, service.status());
    for (const event of recent.list()) socket.emit(CHANNELS.event, event);

    socket.on(CHANNELS.getStatus, (...args: unknown[]) => {
      const ack = args.findLast((a) => typeof a === 'function') as ((s: EngineStatus) => void) | undefined;
      if (bucket.take()) ack?.(service.status());
    });

    socket.on(CHANNELS.message, (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: ClientReply) => void) : undefined;
      const answer = (r: ClientReply) => {
        try {
          ack?.(r);
        } catch {
          // a client gone mid-answer is not our failure
        }
      };
      if (!bucket.take()) return answer(reply('RATE_LIMITED', 'too many messages; slow down'));
      if (args.length !== 1) return answer(reply('MALFORMED', 'send exactly one message object'));
      const parsed = parseClientMessage(args[0]);
      if (!parsed.ok) return answer(reply(parsed.code, parsed.error));
      // Camera frames' measurements are vision input: the same permission as vision events.
      const permission = parsed.message.type === 'perception' ? 'vision' : parsed.message.type;
      if (!allow.has(permission)) return answer(reply('FORBIDDEN', `"${parsed.message.type}" messages are not allowed on this server`));
      service.handle(parsed.message, origin).then(answer, (err: unknown) => {
        log.warn('dashboard message failed', err);
        answer(reply('INTERNAL', 'the engine could not handle the message'));
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${shownHost}:${address.port}/`,
    token,
    clients: () => io.of('/').sockets.size,
    async close() {
      for (const off of unsubscribe) off();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
