/**
 * Hallucination guards: Whisper writes fluent text for silence and noise ("Thank you for
 * watching", subtitle credits, loops). These checks decide when to return no transcript.
 */

/** The loudest 25 ms frame's RMS; below the threshold the clip is treated as silence. */
export function isSilent(samples: Float32Array, rmsThreshold: number, frame = 400): boolean {
  for (let start = 0; start < samples.length; start += frame) {
    const end = Math.min(samples.length, start + frame);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    if (Math.sqrt(sum / (end - start)) >= rmsThreshold) return false;
  }
  return true;
}

/** Lower case, no punctuation or symbols, single spaces: how texts are compared with the blocklist. */
export function normaliseForCompare(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Texts Whisper is known to produce from silence or noise (compared after normalisation). */
export const KNOWN_HALLUCINATIONS: readonly string[] = [
  'Thank you for watching',
  'Thank you for watching!',
  'Thanks for watching!',
  'Thank you so much for watching',
  'Thank you very much for watching',
  'Thanks for watching and see you next time',
  'Please subscribe to my channel',
  'Like and subscribe',
  "Don't forget to like and subscribe",
  'Subtitles by the Amara.org community',
  'Subtitles by Amara.org',
  'Transcription by CastingWords',
  'you',
  'Bye.',
  'Bye bye',
  'So',
  '[Music]',
  '[Applause]',
  '[Silence]',
  '[BLANK_AUDIO]',
  '字幕由Amara.org社区提供',
  '字幕由 Amara.org 社区提供',
  '请不吝点赞 订阅 转发 打赏支持明镜与点点栏目',
  '谢谢观看',
  '谢谢大家观看',
  '感谢观看',
  '明镜需要您的支持 欢迎订阅明镜',
];

export function isKnownHallucination(text: string, list: readonly string[] = KNOWN_HALLUCINATIONS): boolean {
  const t = normaliseForCompare(text);
  if (t === '') return false;
  return list.some((entry) => normaliseForCompare(entry) === t);
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Collapses a phrase said over and over ("I'm sorry. I'm sorry. I'm sorry. I'm sorry.") to one
 * copy. Units are words, or single characters in CJK text; a unit of n >= 2 words repeated 3+
 * times becomes one copy, a single word repeated 4+ times becomes two.
 */
export function collapseRepeats(text: string, maxN = 8): string {
  // units keep their original text (with trailing whitespace) and a comparison key
  const units: { raw: string; key: string }[] = [];
  for (const m of text.matchAll(/\S+\s*/gu)) {
    const word = m[0];
    if (CJK.test(word)) {
      for (const ch of word.trimEnd()) units.push({ raw: ch, key: normaliseForCompare(ch) });
      const tail = word.slice(word.trimEnd().length);
      if (tail && units.length) units[units.length - 1]!.raw += tail;
    } else units.push({ raw: word, key: normaliseForCompare(word) });
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let n = 1; n <= maxN && !changed; n++) {
      const needed = n === 1 ? 4 : 3;
      for (let i = 0; i + n * needed <= units.length && !changed; i++) {
        let copies = 1;
        while (i + (copies + 1) * n <= units.length && sameRun(units, i, i + copies * n, n)) copies++;
        if (copies >= needed && units.slice(i, i + n).some((u) => u.key !== '')) {
          // a doubled single word is ordinary speech (谢谢, bye bye): keep two of those
          const keep = (n === 1 ? 2 : 1) * n;
          const trailing = units[i + copies * n - 1]!.raw;
          units.splice(i + keep, copies * n - keep);
          units[i + keep - 1] = { ...units[i + keep - 1]!, raw: units[i + keep - 1]!.raw.trimEnd() + trailing.slice(trailing.trimEnd().length) };
          changed = true;
        }
      }
    }
  }
  return units.map((u) => u.raw).join('').trim();
}

function sameRun(units: { key: string }[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (units[a + k]!.key !== units[b + k]!.key) return false;
  return true;
}
