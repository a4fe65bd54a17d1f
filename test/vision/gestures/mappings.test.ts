import { describe, expect, it } from 'vitest';
import { BeckonError } from '../../../main/common/errors.ts';
import { DEFAULT_GESTURE_MAPPINGS, intentForGesture, parseGestureMappings } from '../../../main/vision/gestures/mappings.ts';
import { findCommand } from '../../../main/commands/registry.ts';

describe('gesture mappings', () => {
  it('defaults: open palm stops, thumbs answer, swipes skip; the rest unmapped', () => {
    expect(intentForGesture('open-palm')).toBe('control.stop');
    expect(intentForGesture('thumbs-up')).toBe('confirm.yes');
    expect(intentForGesture('thumbs-down')).toBe('confirm.no');
    expect(intentForGesture('swipe-left')).toBe('media.next');
    expect(intentForGesture('swipe-right')).toBe('media.previous');
    for (const label of ['fist', 'victory', 'wave', 'pinch-tap', 'pointer-click', 'no-such-gesture']) expect(intentForGesture(label)).toBeNull();
  });

  it('the default intents that are commands exist in the command registry', () => {
    for (const m of DEFAULT_GESTURE_MAPPINGS) if (!m.intent.startsWith('confirm.')) expect(findCommand(m.intent), m.intent).toBeDefined();
  });

  it('validates configuration and applies defaults', () => {
    const parsed = parseGestureMappings([{ gesture: 'victory', intent: 'media.play' }, { gesture: 'fist', intent: 'media.pause', hand: 'left', minScore: 0.8 }]);
    expect(parsed[0].minScore).toBe(0.6);
    expect(intentForGesture('victory', parsed)).toBe('media.play');
    expect(intentForGesture('fist', parsed, { hand: 'left', score: 0.9 })).toBe('media.pause');
    expect(intentForGesture('fist', parsed, { hand: 'right', score: 0.9 })).toBeNull();
    expect(intentForGesture('fist', parsed, { hand: 'left', score: 0.7 })).toBeNull();
  });

  it('a hand-specific mapping wins over one for both hands', () => {
    const m = parseGestureMappings([{ gesture: 'fist', intent: 'media.pause' }, { gesture: 'fist', intent: 'media.play', hand: 'right' }]);
    expect(intentForGesture('fist', m, { hand: 'right' })).toBe('media.play');
    expect(intentForGesture('fist', m, { hand: 'left' })).toBe('media.pause');
  });

  it.each([
    [[{ gesture: 'salute', intent: 'media.play' }]],
    [[{ gesture: 'fist', intent: 'Play Music' }]],
    [[{ gesture: 'fist', intent: 'media.play', minScore: 2 }]],
    [[{ gesture: 'fist', intent: 'media.play' }, { gesture: 'fist', intent: 'media.pause' }]],
    [{ gesture: 'fist' }],
    [null],
  ])('rejects %j with a BeckonError', (input) => {
    let err: unknown;
    try {
      parseGestureMappings(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BeckonError);
    expect((err as BeckonError).code).toBe('GESTURE_MAPPING_INVALID');
    expect((err as BeckonError).hint).toBeTruthy();
  });
});
