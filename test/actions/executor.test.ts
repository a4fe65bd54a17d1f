import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActionExecutor } from '../../main/actions/executor.ts';
import { BUILTIN_COMMANDS } from '../../main/commands/registry.ts';
import { cleanTypedText } from '../../main/actions/text.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'beckon-actions-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** An allowlisted "app" that writes its arguments, one per line, to a file. */
function recorderApp(out: string, ...extra: string[]): string[] {
  const script = 'require("fs").writeFileSync(process.argv[1], process.argv.slice(2).join("\\n"))';
  return [process.execPath, '-e', script, out, ...extra];
}

const sampleSlots: Record<string, Record<string, string>> = {
  'app.open': { app: 'terminal' },
  'type.text': { text: 'hello beckon' },
};

describe('action executor, dry run', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`plans every command on ${platform} without doing it`, async () => {
      const executor = createActionExecutor({ dryRun: true, platform });
      for (const command of BUILTIN_COMMANDS) {
        const outcome = await executor.execute({ name: command.name, slots: sampleSlots[command.name] ?? {} });
        if (command.action === null) {
          expect(outcome, command.name).toBeNull();
          continue;
        }
        expect(outcome, command.name).toMatchObject({ type: command.action, status: 'dry-run' });
        expect(outcome!.message).toMatch(/^would /);
        expect(typeof outcome!.payload.backend).toBe('string');
        expect(String(outcome!.payload.command).length).toBeGreaterThan(0);
      }
    });
  }

  it('gives no action for chat or unknown intents', async () => {
    const executor = createActionExecutor({ dryRun: true });
    expect(await executor.execute({ name: 'chat', slots: { text: 'tell me a joke' } })).toBeNull();
    expect(await executor.execute({ name: 'shell.exec', slots: { cmd: 'rm -rf /' } })).toBeNull();
  });

  it('does not start an allowlisted app in dry run', async () => {
    const out = join(await tempDir(), 'ran.txt');
    const executor = createActionExecutor({ dryRun: true, allowlistApps: { recorder: [recorderApp(out)] } });
    const outcome = await executor.execute({ name: 'app.open', slots: { app: 'recorder' } });
    expect(outcome?.status).toBe('dry-run');
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(out)).toBe(false);
  });
});

describe('action executor, allowlist', () => {
  it.each(['rm -rf /', 'xeyes', '__proto__', 'constructor', 'firefox; rm -rf ~', '$(reboot)'])('denies app "%s"', async (app) => {
    for (const dryRun of [true, false]) {
      const executor = createActionExecutor({ dryRun });
      const outcome = await executor.execute({ name: 'app.open', slots: { app } });
      expect(outcome).toMatchObject({ type: 'app.open', status: 'denied' });
      expect(outcome!.message).toContain('not an allowed app');
    }
  });

  it('starts an allowlisted app as an argument array: shell metacharacters stay literal', async () => {
    const dir = await tempDir();
    const out = join(dir, 'args.txt');
    const pwned = join(dir, 'pwned');
    const tricky = [`$(touch ${pwned})`, `; touch ${pwned}`, `\`touch ${pwned}\``, '| cat /etc/passwd', "it's \"quoted\" & <redirected>"];
    const executor = createActionExecutor({ dryRun: false, allowlistApps: { recorder: [recorderApp(out, ...tricky)] } });
    const outcome = await executor.execute({ name: 'app.open', slots: { app: 'recorder' } });
    expect(outcome).toMatchObject({ status: 'done', payload: { app: 'recorder', backend: 'spawn' } });
    for (let i = 0; i < 100 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(out, 'utf8').split('\n')).toEqual(tricky);
    expect(existsSync(pwned)).toBe(false);
  });

  it('tries launch candidates in order and skips programs that are not installed', async () => {
    const out = join(await tempDir(), 'ran.txt');
    const executor = createActionExecutor({
      dryRun: false,
      allowlistApps: { editor: [['beckon-no-such-editor'], recorderApp(out, 'second')] },
    });
    const outcome = await executor.execute({ name: 'app.open', slots: { app: 'editor' } });
    expect(outcome?.status).toBe('done');
    for (let i = 0; i < 100 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(out, 'utf8')).toBe('second');
  });

  it('fails with the list of what it tried when no candidate is installed', async () => {
    const executor = createActionExecutor({ dryRun: false, allowlistApps: { ghost: [['beckon-ghost-a'], ['beckon-ghost-b']] } });
    const outcome = await executor.execute({ name: 'app.open', slots: { app: 'ghost' } });
    expect(outcome?.status).toBe('failed');
    expect(outcome!.message).toMatch(/spawn: not installed.*spawn: not installed/);
  });
});

describe('action executor, typing limits', () => {
  it('strips control and invisible formatting characters', () => {
    expect(cleanTypedText('hello\u0007 wor\u202eld\r\n\u0000now\u200b')).toBe('hello world now');
  });

  it('denies text over the length cap and refuses empty text', async () => {
    const executor = createActionExecutor({ dryRun: true, maxTypeLength: 20 });
    expect(await executor.execute({ name: 'type.text', slots: { text: 'x'.repeat(21) } })).toMatchObject({ status: 'denied' });
    expect(await executor.execute({ name: 'type.text', slots: { text: '\u0000\u0007 ' } })).toMatchObject({ status: 'failed', message: 'nothing to type' });
    const ok = await executor.execute({ name: 'type.text', slots: { text: 'a\u0000b' } });
    expect(ok).toMatchObject({ status: 'dry-run', payload: { text: 'ab' } });
  });
});

describe('action executor without a display', () => {
  const saved = process.env.DISPLAY;
  afterEach(() => {
    if (saved === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = saved;
  });

  it('fails clearly, without crashing, when DISPLAY is not set', async () => {
    delete process.env.DISPLAY;
    for (const backend of ['nut-js', 'xdotool'] as const) {
      const executor = createActionExecutor({ dryRun: false, platform: 'linux', backend });
      const outcome = await executor.execute({ name: 'scroll.down', slots: {} });
      expect(outcome).toMatchObject({ status: 'failed' });
      expect(outcome!.message).toContain('no display: DISPLAY is not set; set DISPLAY or use --dry-run');
    }
  });

  it('fails clearly when DISPLAY names no running X server (nut-js would crash the process)', async () => {
    process.env.DISPLAY = ':239';
    const executor = createActionExecutor({ dryRun: false, platform: 'linux', backend: 'nut-js' });
    const outcome = await executor.execute({ name: 'type.text', slots: { text: 'hi' } });
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome!.message).toContain('no display: cannot open X display :239');
  });
});
