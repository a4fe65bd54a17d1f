// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../main/common/contract.ts';
import { App } from '../../renderer/src/App.tsx';
import { CLASSES, PREFS_KEY } from '../../renderer/src/display-prefs.ts';
import { UNAUTHORIZED_REASON } from '../../renderer/src/transport/types.ts';
import { FakeTransport } from './fake-transport.ts';
import { loadSession, makeStatus, stamp } from './fixtures.ts';

let transport: FakeTransport;
beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
  transport = new FakeTransport();
});
afterEach(cleanup);

const mount = () => render(<App transport={transport} />);
const feed = (...events: WireEvent[]) => act(() => events.forEach((e) => transport.emitEvent(e)));
const panel = (title: RegExp) => screen.getByRole('region', { name: title });

describe('dashboard', () => {
  it('shows a partial caption, then the final one in its place, in a polite live region', () => {
    mount();
    const base = { kind: 'Transcript' as const, t0: 0, t1: 1, utteranceId: 'u1', lang: 'en', confidence: 0.9, engine: 'whisper' };
    feed(stamp({ ...base, final: false, text: 'turn the vol' }));
    const captions = screen.getByTestId('captions');
    expect(captions.getAttribute('aria-live')).toBe('polite');
    expect(within(captions).getByText('turn the vol').closest('li')!.dataset.final).toBe('false');
    feed(stamp({ ...base, final: true, text: 'turn the volume up' }));
    expect(within(captions).queryByText('turn the vol')).toBeNull();
    expect(within(captions).getByText('turn the volume up').closest('li')!.dataset.final).toBe('true');
  });

  it('shows each intent with the transcript it came from, and the reply and action of a recorded session', () => {
    mount();
    const session = loadSession('app-open');
    feed(...session);
    const intent = session.find((e) => e.kind === 'Intent')!;
    const transcript = session.find((e) => e.kind === 'Transcript' && e.final)!;
    const reply = session.find((e) => e.kind === 'Reply')!;
    if (intent.kind !== 'Intent' || transcript.kind !== 'Transcript' || reply.kind !== 'Reply') throw new Error('fixture lacks a turn');
    const intents = within(panel(/intents/i));
    expect(intents.getByText(intent.name)).toBeTruthy();
    expect(intents.getByText(transcript.text).tagName).toBe('Q');
    expect(within(screen.getByTestId('reply')).getByText(reply.text)).toBeTruthy();
    expect(within(panel(/actions/i)).getByText('dry-run')).toBeTruthy();
  });

  it('draws the latency chart over the turns it has seen', () => {
    mount();
    loadSession('volume-up').forEach((e) => feed(e));
    feed(...loadSession('time-query').map((e) => ('utteranceId' in e ? ({ ...e, utteranceId: 'second' } as WireEvent) : e)));
    const chart = screen.getByTestId('latency-chart');
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
    expect(chart.querySelector('polyline')!.getAttribute('points')!.split(' ')).toHaveLength(2);
    expect(chart.getAttribute('aria-label')).toMatch(/last 2 turns/);
    expect(within(screen.getByTestId('metrics')).getByText('latency.eos_to_first_audio')).toBeTruthy();
  });

  it('shows the fused mood, even with the camera off', () => {
    mount();
    act(() => transport.emitStatus(makeStatus({ camera: { live: false, muted: true } })));
    feed(stamp({ kind: 'Affect', label: 'negative', valence: -0.42, confidence: 0.7, evidence: [{ kind: 'Transcript', seq: 1, text: 'this is not good' }] }));
    expect(screen.getByTestId('affect').textContent).toMatch(/mood.*negative/i);
  });

  it('says "camera off" while the camera is muted and shows gestures once it is live', () => {
    mount();
    act(() => transport.emitStatus(makeStatus({ camera: { live: false, muted: true } })));
    expect(screen.getByTestId('camera-off').textContent).toMatch(/camera off/i);
    act(() => transport.emitStatus(makeStatus({ camera: { live: true, muted: false } })));
    feed(stamp({ kind: 'Gesture', label: 'open_palm', hand: 'left', score: 0.81, gestureType: 'pose' }));
    expect(screen.queryByTestId('camera-off')).toBeNull();
    expect(within(panel(/gesture/i)).getByText('open_palm')).toBeTruthy();
    expect(screen.getByTestId('camera-indicator').textContent).toMatch(/camera live/i);
  });

  it('shows a missing model with the fix', () => {
    mount();
    const hint = 'run `npx beckon models fetch whisper-base`';
    act(() => transport.emitStatus(makeStatus({ models: [{ name: 'whisper-base', task: 'speech recognition', present: false, licence: 'MIT', hint }] })));
    const model = within(screen.getByTestId('models')).getByText('whisper-base').closest('li')!;
    expect(model.className).toContain('missing');
    expect(model.textContent).toContain(`Fix: ${hint}`);
  });

  it('shows the answer before the latest reply under it', () => {
    mount();
    feed(stamp({ kind: 'Reply', replyId: 'u1', text: 'It looks sunny and mild today.', partial: false }), stamp({ kind: 'Reply', replyId: 'u2', text: 'Volume up.', partial: false }));
    expect(screen.getByTestId('reply').textContent).toBe('Volume up.');
    expect(within(screen.getByRole('list', { name: 'Earlier replies' })).getByText('It looks sunny and mild today.')).toBeTruthy();
  });

  it('names the language model and where it runs, and nothing when there is none', () => {
    mount();
    act(() => transport.emitStatus(makeStatus()));
    expect(screen.queryByTestId('llm-status')).toBeNull();
    act(() => transport.emitStatus(makeStatus({ llm: { engine: 'llama.cpp', model: 'Qwen2.5 0.5B Instruct', device: 'cuda' } })));
    expect(screen.getByTestId('llm-status').textContent).toContain('language model: Qwen2.5 0.5B Instruct (llama.cpp on cuda GPU)');
    act(() => transport.emitStatus(makeStatus({ llm: { engine: 'openai-compatible', model: 'http://127.0.0.1:11434/v1', device: 'server' } })));
    expect(screen.getByTestId('llm-status').textContent).toContain('language model: http://127.0.0.1:11434/v1 (openai-compatible)');
  });

  it('shows a missing model as optional when another model does its task', () => {
    mount();
    const models = [
      { name: 'pocketsphinx-en-us', task: 'asr', present: true, licence: 'BSD-2-Clause' },
      { name: 'whisper-base', task: 'asr', present: false, licence: 'MIT', hint: 'npx beckon models fetch whisper-base' },
    ];
    act(() => transport.emitStatus(makeStatus({ models })));
    const model = within(screen.getByTestId('models')).getByText('whisper-base').closest('li')!;
    expect(model.className).toContain('optional');
    expect(model.textContent).toContain('Optional, not installed. Get it: npx beckon models fetch whisper-base');
  });

  it('sends a settings patch for what changed and shows a refusal clearly', async () => {
    mount();
    act(() => transport.emitStatus(makeStatus()));
    transport.reply = { ok: true };
    await act(async () => fireEvent.click(screen.getByLabelText('Mute microphone')));
    expect(transport.sent).toEqual([{ type: 'settings', patch: { microphoneMuted: true } }]);
    expect(screen.getByTestId('settings-outcome').textContent).toBe('Saved.');

    transport.reply = { ok: false, code: 'FORBIDDEN', error: 'this dashboard is read-only' };
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'de' } });
    fireEvent.change(screen.getByLabelText('Speech engine'), { target: { value: 'pocketsphinx' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Apply' })));
    expect(transport.sent.at(-1)).toEqual({ type: 'settings', patch: { language: 'de', speechEngine: 'pocketsphinx' } });
    const refusal = screen.getByTestId('settings-outcome');
    expect(refusal.getAttribute('role')).toBe('alert');
    expect(refusal.textContent).toMatch(/Refused \(FORBIDDEN\): this dashboard is read-only/);
  });

  it('toggles high contrast and large text as classes on <html>, remembered across reloads', () => {
    const first = mount();
    const contrast = screen.getByRole('button', { name: 'High contrast' });
    fireEvent.click(contrast);
    fireEvent.click(screen.getByRole('button', { name: 'Large text' }));
    expect(contrast.getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.classList.contains(CLASSES.highContrast)).toBe(true);
    expect(document.documentElement.classList.contains(CLASSES.largeText)).toBe(true);
    expect(JSON.parse(localStorage.getItem(PREFS_KEY)!)).toEqual({ highContrast: true, largeText: true });

    first.unmount();
    document.documentElement.className = '';
    mount();
    expect(document.documentElement.classList.contains(CLASSES.highContrast)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Large text' }));
    expect(document.documentElement.classList.contains(CLASSES.largeText)).toBe(false);
    expect(JSON.parse(localStorage.getItem(PREFS_KEY)!)).toEqual({ highContrast: true, largeText: false });
  });

  it('tells the user when the link is refused for its token', () => {
    mount();
    expect(screen.getByTestId('connection').textContent).toMatch(/connecting/i);
    act(() => transport.setConnection({ state: 'disconnected', reason: UNAUTHORIZED_REASON }));
    expect(screen.getByTestId('connection').textContent).toBe(`Disconnected: ${UNAUTHORIZED_REASON}`);
  });

  it('announces engine errors assertively with their hint, and has a skip link and one heading per panel', () => {
    mount();
    feed(stamp({ kind: 'Error', stage: 'tts', code: 'AUDIO_OUT', message: 'no audio output device', hint: 'run with --no-speak' }));
    const errors = screen.getByTestId('errors');
    expect(errors.getAttribute('aria-live')).toBe('assertive');
    expect(errors.textContent).toContain('Fix: run with --no-speak');
    expect(screen.getByRole('link', { name: /skip to the dashboard/i }).getAttribute('href')).toBe('#main');
    const regions = screen.getAllByRole('region');
    expect(regions.length).toBeGreaterThanOrEqual(11);
    for (const r of regions) expect(within(r).getAllByRole('heading', { level: 2 })).toHaveLength(1);
  });
});

describe('push-to-talk from the dashboard', () => {
  it('sends pressed and released while the button is held with the keyboard', async () => {
    mount();
    expect(screen.queryByRole('button', { name: /hold to talk/i })).toBeNull();
    act(() => transport.emitStatus(makeStatus({ settings: { ...makeStatus().settings, pushToTalk: true } })));
    const button = screen.getByRole('button', { name: /hold to talk/i });
    await act(async () => fireEvent.keyDown(button, { key: ' ' }));
    await act(async () => fireEvent.keyDown(button, { key: ' ' }));
    await act(async () => fireEvent.keyUp(button, { key: ' ' }));
    expect(transport.sent).toEqual([
      { type: 'push-to-talk', pressed: true },
      { type: 'push-to-talk', pressed: false },
    ]);
  });
});
