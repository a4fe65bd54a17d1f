import type { FusionRule } from '../fusion/rules.ts';
import type { LlmChoice } from '../llm/select.ts';

/** Everything that decides how an engine is put together; the CLI, the server and the app fill it in. */
export type AudioInput =
  | { kind: 'wav'; path: string; realtime: boolean }
  | { kind: 'mic'; recorder?: 'sox' | 'rec' | 'arecord'; device?: string }
  /** a recorded session (JSONL) replayed into the stages after speech recognition */
  | { kind: 'events'; path: string; realtime: boolean };

export interface EngineConfig {
  input: AudioInput;
  asr: {
    prefer?: 'whisper' | 'pocketsphinx';
    whisperModelDir?: string;
    lang?: string;
  };
  actions: { dryRun: boolean };
  /** who may cut Beckon off while it speaks: the user's voice and an open palm, the palm only, or nobody */
  bargeIn?: 'voice' | 'gesture-only' | 'off';
  tts: {
    /** play replies on the speaker */
    play: boolean;
    /** also write everything spoken to this wav */
    outPath?: string;
    voice?: string;
  };
  /** a language model that answers chat and calls commands as tools; none: commands only */
  llm?: LlmChoice;
  /** gesture and deixis rules for the intent stage; default DEFAULT_FUSION_RULES (main/fusion/rules.ts) */
  fusionRules?: FusionRule[];
  /** write the session's events (no audio) to this JSONL file */
  recordPath?: string;
}
