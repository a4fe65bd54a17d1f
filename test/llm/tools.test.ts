import { describe, expect, it } from 'vitest';
import { createToolset, validateToolCall, FREE_TEXT_MAX } from '../../main/llm/tools.ts';
import { BUILTIN_COMMANDS } from '../../main/commands/registry.ts';
import { BeckonError } from '../../main/common/errors.ts';

const tools = createToolset();

describe('createToolset', () => {
  it('offers the commands with actions as tools named with underscores', () => {
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['volume_up', 'app_open', 'type_text', 'time_query']));
    expect(names).not.toContain('control_stop');
  });

  it('turns closed slots into enums and free text into a bounded string; risky tools need confirmation', () => {
    const app = tools.find((t) => t.name === 'app_open')!;
    const appValues = BUILTIN_COMMANDS.find((c) => c.name === 'app.open')!.slots!.app;
    expect(app.parameters).toMatchObject({ type: 'object', required: ['app'], properties: { app: { type: 'string' } } });
    expect((app.parameters.properties as { app: { enum: string[] } }).app.enum).toEqual(
      appValues!.kind === 'closed' ? appValues.values.map((v) => v.value) : [],
    );
    const type = tools.find((t) => t.name === 'type_text')!;
    expect(type.parameters).toMatchObject({ properties: { text: { type: 'string', maxLength: FREE_TEXT_MAX } } });
    expect(app.needsConfirmation).toBe(true);
    expect(type.needsConfirmation).toBe(true);
    expect(tools.find((t) => t.name === 'volume_up')!.needsConfirmation).toBe(false);
  });
});

describe('validateToolCall', () => {
  it('returns the intent and slots of a valid call', () => {
    expect(validateToolCall(tools, 'app_open', '{"app":"firefox"}')).toEqual({ intent: 'app.open', slots: { app: 'firefox' }, needsConfirmation: true });
    expect(validateToolCall(tools, 'volume_up', '')).toEqual({ intent: 'volume.up', slots: {}, needsConfirmation: false });
  });

  it.each([
    ['rm_rf', '{}', 'LLM_UNKNOWN_TOOL'],
    ['app_open', '{"app": "firef', 'LLM_BAD_TOOL_JSON'],
    ['app_open', '{"app":"bash -c rm"}', 'LLM_BAD_TOOL_ARGS'],
    ['app_open', '{}', 'LLM_BAD_TOOL_ARGS'],
    ['volume_up', '{"times": 99}', 'LLM_BAD_TOOL_ARGS'],
    ['type_text', JSON.stringify({ text: 'x'.repeat(FREE_TEXT_MAX + 1) }), 'LLM_BAD_TOOL_ARGS'],
  ])('%s(%s) -> %s', (name, args, code) => {
    const result = validateToolCall(tools, name, args);
    expect(result).toBeInstanceOf(BeckonError);
    expect((result as BeckonError).code).toBe(code);
  });
});
