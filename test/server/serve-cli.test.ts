import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { speakToWav } from '../support/speech.ts';
import { connectClient, waitFor } from './client.ts';

const BECKON = fileURLToPath(new URL('../../main/cli/beckon.mjs', import.meta.url));

describe('beckon serve', () => {
  it('prints the dashboard URL first, serves the engine, and stops on SIGINT with exit 0', async () => {
    const wav = await speakToWav('turn the volume up');
    const child = spawn(process.execPath, [BECKON, 'serve', '--port', '0', '--audio', wav, '--no-realtime', '--no-speak', '--dry-run', '--token', 'cli-test-token'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes('\n'), 30_000, 'the URL line');
      const first = stdout.split('\n')[0]!;
      expect(first).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=cli-test-token$/);
      const url = first.slice('Dashboard: '.length).split('?')[0]!;
      const client = await connectClient(url, { token: 'cli-test-token' });
      await waitFor(() => client.statuses.some((s) => s.state === 'idle'), 30_000, 'the wav to finish');
      client.close();
      await expect(connectClient(url, { token: 'wrong' })).rejects.toThrow('unauthorized');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited, stderr).toBe(0);
  }, 60_000);

  it('warns when bound to a non-loopback address and refuses an unknown --allow type', async () => {
    const bad = spawn(process.execPath, [BECKON, 'serve', '--port', '0', '--allow', 'vision,shell'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let badErr = '';
    bad.stderr.on('data', (d: Buffer) => (badErr += d.toString()));
    const code = await new Promise<number | null>((resolve) => bad.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(badErr).toContain('unknown message type "shell"');

    const wav = await speakToWav('turn the volume up');
    const child = spawn(process.execPath, [BECKON, 'serve', '--port', '0', '--host', '0.0.0.0', '--audio', wav, '--no-realtime', '--no-speak'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => stderr.includes('Warning: listening on 0.0.0.0'), 30_000, 'the warning');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
