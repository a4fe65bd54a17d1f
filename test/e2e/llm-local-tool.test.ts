// A tool call from a LOCAL model through the real `beckon run --llm-gguf` command: a recorded session
// with one chat transcript, answered by the HAND-CONSTRUCTED GGUF of main/models/llm/scripted-qwen2.ts
// (weights set by hand so it calls volume_up whenever that tool is offered). It tests the plumbing —
// node-llama-cpp's call, the LLM stage's validation, the Intent and the (dry-run) Action — never a
// model's judgement.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beckon, kinds } from './cli.ts';
import { tempDir } from '../support/speech.ts';
import { writeChatSession } from '../support/llm.ts';
import { SCRIPTED_TOOL, writeToolCallingQwen2Gguf } from '../../main/models/llm/scripted-qwen2.ts';
import type { EventOf } from '../../main/common/events.ts';

let dir: string;
let model: string;
let session: string;

beforeAll(async () => {
  dir = tempDir('beckon-llm-local-tool-');
  model = join(dir, 'scripted-tool-call.gguf');
  writeToolCallingQwen2Gguf(model);
  // not a command phrase: only the language model can turn it into an action
  session = await writeChatSession(dir, 'it is far too quiet in here');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('beckon run --llm-gguf with a local tool call (hand-constructed fixture: plumbing, not judgement)', () => {
  it('the call becomes an Intent after it validates, and its action runs (dry run)', async () => {
    const { code, events, stderr } = await beckon(['run', '--events', session, '--llm-gguf', model, '--llm-context', '2048', '--json', '--dry-run', '--no-speak'], { timeoutMs: 120_000 });
    expect(code, stderr).toBe(0);
    expect(kinds(events, 'Error')).toEqual([]);
    const intents = kinds(events, 'Intent') as EventOf<'Intent'>[];
    expect(intents.map((i) => i.name)).toEqual(['chat', 'volume.up']);
    const chat = intents[0]!;
    const fromTool = intents[1]!;
    // the evidence says the language model chose it, answering that chat intent
    expect(fromTool.evidence).toEqual(expect.arrayContaining([{ kind: 'Intent', seq: chat.seq, text: 'chat' }, { kind: 'llm', seq: chat.seq, text: SCRIPTED_TOOL }]));
    expect(fromTool.slots).toEqual({});
    expect(kinds(events, 'Action')).toMatchObject([{ type: 'volume.up', status: 'dry-run' }]);
    expect(events.indexOf(kinds(events, 'Action')[0]!)).toBeGreaterThan(events.indexOf(fromTool));
    // the command's own spoken confirmation, as a reply of its own
    expect(kinds(events, 'Reply')).toMatchObject([{ replyId: `${chat.utteranceId}-tool`, partial: false }]);
    // a safe command: no question asked first
    expect((kinds(events, 'Reply') as EventOf<'Reply'>[]).some((r) => r.text.includes('Say yes'))).toBe(false);
  }, 120_000);
});
