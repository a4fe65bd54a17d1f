/**
 * Time from an engine event's emission (the moment the service hands it to listeners) to its arrival
 * in a socket.io client. Register before the dashboard server so the clock starts ahead of the send.
 */
import type { Socket } from 'socket.io-client';
import type { WireEvent } from '../../main/common/contract.ts';
import type { DashboardSource } from '../../main/server/dashboard-server.ts';

const key = (e: WireEvent) => `${e.kind}:${e.seq}`;

export function trackDelivery(service: Pick<DashboardSource, 'onEvent'>) {
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  const off = service.onEvent((e) => void sentAt.set(key(e), performance.now()));
  const onArrival = (e: WireEvent) => {
    const sent = sentAt.get(key(e));
    if (sent === undefined) return;
    sentAt.delete(key(e));
    delays.push(performance.now() - sent);
  };
  return {
    delays,
    attach(client: Socket) {
      client.on('event', onArrival);
    },
    stop() {
      off();
    },
    median: () => percentile(delays, 50),
    p95: () => percentile(delays, 95),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
