/**
 * Text that is safe to hand to any speech backend, however it quotes it.
 *
 * The npm `say` package builds `(SayText "<text>")` for festival on Linux without escaping, so a
 * `"` ends the Scheme string and `(system "...")` runs a shell command; on macOS the text is an
 * argv element of `say`, so a leading '-' is read as an option; Windows pipes it to PowerShell.
 * Escaping for each is fragile, so we allow only what speech needs:
 * letters of any script, combining marks, digits, spaces and . , ! ? ' : ; - plus CJK sentence
 * punctuation. Everything else (quotes, backslashes, brackets, $ ` | & < > newlines...) is dropped
 * or turned into a space. Without `"` and `\` no Scheme string can be closed; without a leading
 * '-' no option can be injected.
 */
const NOT_ALLOWED = /[^\p{L}\p{M}\p{N}\s.,!?':;\-。，、！？：；]/gu;

export const MAX_SPEECH_CHARS = 1000;

export function sanitizeForSpeech(text: string, maxChars = MAX_SPEECH_CHARS): string {
  let out = text
    .normalize('NFKC') // full-width and compatibility forms become plain ones before filtering
    .replace(/[‘’]/g, "'") // typographic apostrophes: "it’s" should still sound like "it's"
    .replace(NOT_ALLOWED, ' ')
    .replace(/\s+/g, ' ') // newlines end a festival/PowerShell line: make everything one line
    .replace(/^[\s\-]+/, '') // no leading '-' (macOS `say` option injection)
    .trim();
  if (out.length > maxChars) {
    const cut = out.slice(0, maxChars);
    const lastSpace = cut.lastIndexOf(' ');
    out = (lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).trim();
  }
  return out;
}

/**
 * Voice names for the `say` package are pasted into code too: festival evaluates `(<voice>)`,
 * Windows builds `SelectVoice('<voice>')` under a shell. Allow only a plain name.
 */
export function isSafeVoiceName(voice: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'linux') return /^voice_[A-Za-z0-9_]{1,60}$/.test(voice);
  return /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/.test(voice);
}
