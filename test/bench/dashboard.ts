/**
 * Dashboard figures: time from an engine event to its display in Chromium over socket.io, the
 * dashboard bundle size, and the engine's memory when idle. Printed by `npm run bench`.
 */
import { readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EngineService } from '../../main/engine/service.ts';
import { startDashboardServer } from '../../main/server/dashboard-server.ts';
import { connectClient } from '../server/client.ts';
import { launchChromium, chromiumMissing } from '../support/chromium.ts';
import { speakToWav } from '../support/speech.ts';
import { serve } from '../e2e/serve-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DashboardFigures {
  displayMs: number[];
  bundleBytes: number;
  bundleGzipBytes: number;
  idleRssMb: number;
}

function bundleSize(dir: string): { bytes: number; gzip: number } {
  let bytes = 0;
  let gzip = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (!statSync(path).isFile() || !/\.(js|css|html)$/.test(name)) continue;
    const data = readFileSync(path);
    bytes += data.length;
    gzip += gzipSync(data).length;
  }
  return { bytes, gzip };
}

/** RSS of a separate `beckon serve` process (engine + server, Node) once its wav is done and it idles. */
async function idleServeRssMb(wav: string): Promise<number> {
  const served = await serve(['--port', '0', '--audio', wav, '--dry-run', '--no-speak', '--no-realtime']);
  try {
    await new Promise((r) => setTimeout(r, 5000));
    const status = readFileSync(`/proc/${served.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  } finally {
    await served.stop();
  }
}

export async function benchDashboard(events = 200): Promise<DashboardFigures | string> {
  if (chromiumMissing) return chromiumMissing;
  execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'ignore' });
  const size = bundleSize(join(ROOT, 'out/dashboard'));

  const idleRssMb = await idleServeRssMb(await speakToWav('what time is it', { padMs: 1000 }));
  // A live engine for the whole measurement: a command, then half a minute of silence, in real time.
  const service = new EngineService({
    input: { kind: 'wav', path: await speakToWav('what time is it', { padMs: 30_000 }), realtime: true },
    settings: { speechEngine: 'pocketsphinx', dryRun: true, cameraMuted: false },
    tts: { play: false },
  });
  await service.start();
  const server = await startDashboardServer({ service, port: 0, allow: new Set(['vision']), rateLimit: 1000 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}?token=${server.token}`);
    await page.getByRole('region', { name: 'Gesture and emotion' }).waitFor();
    // The page notes when each gesture label is on screen (epoch ms, sub-ms resolution on both sides).
    // (a string: this runs in the page, whose DOM types the engine's tsconfig does not load)
    await page.evaluate(`
      window.__seen = {};
      new MutationObserver(() => {
        const m = /bench-(\\d+)/.exec(document.body.innerText);
        if (m && window.__seen[m[0]] === undefined) window.__seen[m[0]] = performance.timeOrigin + performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    `);
    const client = await connectClient(server.url, { token: server.token });
    const sent: Record<string, number> = {};
    // Engine events enter as vision events, the way the browser's gestures will.
    for (let i = 0; i < events; i++) {
      const label = `bench-${i}`;
      sent[label] = performance.timeOrigin + performance.now();
      const reply = await client.send({ type: 'vision', event: { kind: 'Gesture', t: 0, seq: i, source: 'bench', label, hand: 'right', score: 0.9, gestureType: 'pose' } });
      if (!reply.ok) throw new Error(`the engine refused a vision event: ${reply.code} ${reply.error}`);
      await new Promise((r) => setTimeout(r, 30));
    }
    await new Promise((r) => setTimeout(r, 300));
    const seen = (await page.evaluate('window.__seen')) as Record<string, number>;
    client.close();
    const displayMs = Object.entries(seen).map(([label, at]) => at - sent[label]!);
    return { displayMs, bundleBytes: size.bytes, bundleGzipBytes: size.gzip, idleRssMb };
  } finally {
    await browser.close();
    await server.close();
    await service.stop();
  }
}
