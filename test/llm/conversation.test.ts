import { describe, expect, it } from 'vitest';
import { Conversation, estimateTokens } from '../../main/llm/conversation.ts';

const context = { now: new Date('2026-03-01T10:30:00Z'), language: 'en', lastGesture: 'thumbs-up', lastEmotion: 'happy' };

describe('Conversation', () => {
  it('puts the live context in a note on the newest user message', () => {
    const c = new Conversation();
    c.addUser('hello');
    const [system, user] = c.messages(context);
    expect(system).toEqual(c.systemMessage());
    expect(user!.role).toBe('user');
    const [note, said] = String(user!.content).split('\n');
    expect(note).toMatch(/^\[Context: .*\]$/);
    expect(note).toContain('2026-03-01T10:30Z');
    expect(note).toContain('Sunday');
    expect(note).toContain('thumbs-up');
    expect(note).toContain('happy');
    expect(note).toContain('language: en');
    expect(said).toBe('hello');
  });

  it('keeps the system prompt and earlier turns identical as the context changes (a local model reuses their tokens)', () => {
    const c = new Conversation();
    c.addUser('hello');
    const first = c.messages(context);
    c.addAssistant({ role: 'assistant', content: 'hi' });
    c.addUser('what time is it');
    const second = c.messages({ ...context, now: new Date('2026-03-01T10:47:00Z'), lastEmotion: 'sad' });
    expect(second[0]).toEqual(first[0]);
    expect(second[1]).toEqual({ role: 'user', content: 'hello' }); // the old turn lost its note
    expect(String(second.at(-1)!.content)).toMatch(/10:47Z.*sad.*\]\nwhat time is it$/s);
  });

  it('drops the oldest turns first to stay within the token budget', () => {
    const c = new Conversation({ tokenBudget: 300, instructions: 'Be brief.' });
    for (let i = 0; i < 10; i++) {
      c.addUser(`question ${i} ${'x'.repeat(160)}`);
      c.addAssistant({ role: 'assistant', content: `answer ${i} ${'y'.repeat(160)}` });
    }
    const messages = c.messages(context);
    const tokens = messages.reduce((sum, m) => sum + estimateTokens(String(m.content ?? '')) + 4, 0);
    expect(tokens).toBeLessThanOrEqual(300);
    const users = messages.filter((m) => m.role === 'user').map((m) => String(m.content).split('\n').at(-1)!.split(' ').slice(0, 2).join(' '));
    expect(users.length).toBeGreaterThan(0);
    expect(users.length).toBeLessThan(10);
    expect(users.at(-1)).toBe('question 9'); // the newest turn is kept
    expect(users[0]).toBe(`question ${10 - users.length}`); // and the ones kept are the most recent
    expect(c.turnCount).toBe(users.length);
  });
});
