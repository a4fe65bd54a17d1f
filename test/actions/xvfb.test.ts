/**
 * Real desktop input under a private Xvfb server: xterm windows receive what the executor types,
 * and a scroll visibly moves xterm's scrollback (screenshots differ).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createActionExecutor } from '../../main/actions/executor.ts';
import { isOnPath } from '../../main/actions/spawn.ts';

const run = promisify(execFile);
const missing = ['Xvfb', 'xterm', 'xdotool', 'import'].filter((p) => !isOnPath(p));
if (missing.length) console.warn(`skipping Xvfb desktop tests: missing ${missing.join(', ')} (apt-get install xvfb xterm xdotool imagemagick)`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(missing.length > 0)('actions on a real X display (Xvfb)', () => {
  let xvfb: ChildProcess;
  const windows: ChildProcess[] = [];
  let dir = '';
  let display = '';
  const savedDisplay = process.env.DISPLAY;
  const xenv = () => ({ ...process.env, DISPLAY: display });

  /** An xterm at the top left that writes the first line typed into it to `out`. */
  async function lineReader(out: string): Promise<void> {
    const xterm = spawn('xterm', ['-geometry', '80x10+0+0', '-e', 'sh', '-c', 'read line; printf %s "$line" > "$0"', out], { env: xenv(), stdio: 'ignore' });
    windows.push(xterm);
    await waitFor(async () => {
      const r = await run('xdotool', ['search', '--pid', String(xterm.pid)], { env: xenv() }).catch(() => null);
      return Boolean(r?.stdout.trim());
    }, 'the xterm window', 30_000); // xterm can take long to map on a loaded machine
    // No window manager: keyboard focus follows the pointer, so put it over the window.
    await run('xdotool', ['mousemove', '200', '60'], { env: xenv() });
    await sleep(300);
  }

  async function pressEnter(): Promise<void> {
    await run('xdotool', ['key', 'Return'], { env: xenv() });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'beckon-xvfb-'));
    // -displayfd: Xvfb picks a free display number and writes it to fd 3 once ready.
    xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    display = await new Promise<string>((resolve, reject) => {
      let text = '';
      xvfb.stdio[3]!.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\n')) resolve(`:${text.trim()}`);
      });
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    });
    // nut-js reads DISPLAY from the environment of this process.
    process.env.DISPLAY = display;
  });

  afterAll(async () => {
    for (const w of windows) w.kill();
    xvfb?.kill();
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('types "hello beckon" into an xterm with nut-js', async () => {
    const out = join(dir, 'nut.txt');
    await lineReader(out);
    const executor = createActionExecutor({ dryRun: false, platform: 'linux', backend: 'nut-js' });
    const outcome = await executor.execute({ name: 'type.text', slots: { text: 'hello beckon' } });
    expect(outcome).toMatchObject({ status: 'done', payload: { backend: 'nut-js', text: 'hello beckon' } });
    await pressEnter();
    await waitFor(() => existsSync(out), 'the typed line');
    expect(readFileSync(out, 'utf8')).toBe('hello beckon');
  });

  it('types shell metacharacters literally (auto backend: xdotool, argument array)', async () => {
    const out = join(dir, 'auto.txt');
    const pwned = join(dir, 'pwned');
    await lineReader(out);
    const text = `Hi $(touch ${pwned}) & "quoted" | it's 100%!`;
    const executor = createActionExecutor({ dryRun: false, platform: 'linux' });
    const outcome = await executor.execute({ name: 'type.text', slots: { text } });
    expect(outcome).toMatchObject({ status: 'done', payload: { backend: 'xdotool' } });
    await pressEnter();
    await waitFor(() => existsSync(out), 'the typed line');
    expect(readFileSync(out, 'utf8')).toBe(text);
    expect(existsSync(pwned)).toBe(false);
  });

  it('scrolls an xterm back with nut-js and xdotool: the screen changes', async () => {
    const xterm = spawn('xterm', ['-geometry', '80x20+0+0', '-sl', '500', '-e', 'sh', '-c', 'seq 1 300; sleep 60'], { env: xenv(), stdio: 'ignore' });
    windows.push(xterm);
    await waitFor(async () => Boolean((await run('xdotool', ['search', '--pid', String(xterm.pid)], { env: xenv() }).catch(() => null))?.stdout.trim()), 'the xterm window');
    await run('xdotool', ['mousemove', '200', '100'], { env: xenv() });
    await sleep(500);
    const shot = async (name: string) => {
      const file = join(dir, name);
      // raw pixels: a PNG would carry a timestamp and differ every time
      await run('import', ['-window', 'root', '-depth', '8', `rgb:${file}`], { env: xenv() });
      return readFileSync(file);
    };
    const before = await shot('before.rgb');
    expect((await shot('still.rgb')).equals(before), 'the screen changes by itself').toBe(true);
    for (const backend of ['nut-js', 'xdotool'] as const) {
      const executor = createActionExecutor({ dryRun: false, platform: 'linux', backend });
      const up = await executor.execute({ name: 'scroll.up', slots: {} });
      expect(up).toMatchObject({ status: 'done', payload: { backend } });
      await sleep(300);
      const scrolled = await shot(`scrolled-${backend}.rgb`);
      expect(scrolled.equals(before), `${backend} scroll changed nothing on screen`).toBe(false);
      const down = await executor.execute({ name: 'scroll.down', slots: {} });
      expect(down).toMatchObject({ status: 'done', payload: { backend } });
      await sleep(300);
      // as many steps down as up: back at the bottom of the scrollback
      expect((await shot(`back-${backend}.rgb`)).equals(before), `${backend} scroll down did not come back`).toBe(true);
    }
  });

  it('sends keys for window switch and media with both input backends', async () => {
    for (const backend of ['nut-js', 'xdotool'] as const) {
      const executor = createActionExecutor({ dryRun: false, platform: 'linux', backend });
      for (const name of ['window.switch', 'media.next']) {
        const outcome = await executor.execute({ name, slots: {} });
        expect(outcome?.status, `${name} via ${backend}: ${outcome?.message}`).toBe('done');
      }
    }
  });

  it('falls back in order for volume and reports which backend worked', async () => {
    const executor = createActionExecutor({ dryRun: false, platform: 'linux' });
    const outcome = await executor.execute({ name: 'volume.up', slots: {} });
    expect(outcome?.status, outcome?.message).toBe('done');
    expect(['pactl', 'amixer', 'nut-js', 'xdotool']).toContain(outcome!.payload.backend);
    console.info(`volume.up here: ${outcome!.message}`);
  });
});
