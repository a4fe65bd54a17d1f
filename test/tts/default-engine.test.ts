import { describe, expect, it } from 'vitest';
import { createDefaultTtsEngine } from '../../main/tts/default-engine.ts';
import { findOnPath } from '../../main/tts/process.ts';

describe('createDefaultTtsEngine', () => {
  it.skipIf(!findOnPath('espeak-ng'))('picks espeak-ng on Linux when it is installed', () => {
    expect(createDefaultTtsEngine({ platform: 'linux' }).name).toBe('espeak-ng');
  });

  it('picks the system voice through say on macOS when `say` exists, else falls back to espeak-ng', () => {
    const engine = createDefaultTtsEngine({ platform: 'darwin' });
    expect(engine.name).toBe(findOnPath('say') ? 'say:say' : 'espeak-ng');
  });

  it('fails with a hint when no synthesiser exists', () => {
    expect(() => createDefaultTtsEngine({ platform: 'linux', searchPath: '/nonexistent-beckon-dir' })).toThrow(expect.objectContaining({ code: 'NO_TTS_ENGINE', hint: expect.stringMatching(/espeak-ng/) }));
  });
});
