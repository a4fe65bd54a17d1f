import { describe, expect, it } from 'vitest';
import { Conversation, estimateTokens } from '../../main/llm/conversation.ts';

const context = { now: new Date('2026-03-01T10:30:00Z'), language: 'en', lastGesture: 'thumbs-up', lastEmotion: 'happy' };

describe('Conversation', () => {
  it('puts the live context in the system prompt', () => {
    const c = new Conversation();
    c.addUser('hello');
    const [system, user] = c.messages(context);
    expect(system!.role).toBe('system');
    expect(system!.content).toContain('2026-03-01T10:30:00');
    expect(system!.content).toContain('thumbs-up');
    expect(system!.content).toContain('happy');
    expect(system!.content).toContain('Language: en');
    expect(user).toEqual({ role: 'user', content: 'hello' });
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
    const users = messages.filter((m) => m.role === 'user').map((m) => String(m.content).split(' ').slice(0, 2).join(' '));
    expect(users.length).toBeGreaterThan(0);
    expect(users.length).toBeLessThan(10);
    expect(users.at(-1)).toBe('question 9'); // the newest turn is kept
    expect(users[0]).toBe(`question ${10 - users.length}`); // and the ones kept are the most recent
    expect(c.turnCount).toBe(users.length);
  });
});
