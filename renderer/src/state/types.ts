import type { EngineStatus } from '../../../main/common/contract.ts';
import type { ConnectionState } from '../transport/types.ts';

export interface Caption {
  utteranceId: string;
  text: string;
  final: boolean;
  lang: string;
  engine: string;
  confidence: number;
}

export interface IntentEntry {
  seq: number;
  t: number;
  name: string;
  slots: Record<string, string | number>;
  confidence: number;
  /** the transcript text (or other events) the intent came from */
  evidence: Array<{ kind: string; seq: number; text?: string }>;
  utteranceId?: string;
}

export interface ReplyState {
  replyId: string;
  text: string;
  partial: boolean;
  /** the speech synthesiser's progress on this reply */
  speech: 'start' | 'audio' | 'end' | 'stopped' | null;
}

export interface ActionEntry {
  seq: number;
  type: string;
  status: 'planned' | 'dry-run' | 'done' | 'failed' | 'denied';
  message?: string;
}

/** The metrics of one spoken turn (from speech start to reply). */
export interface Turn {
  utteranceId: string;
  metrics: Record<string, number>;
}

export interface ErrorEntry {
  seq: number;
  stage: string;
  code: string;
  message: string;
  hint?: string;
  fatal?: boolean;
}

export interface Perception {
  label: string;
  /** 0..1 */
  confidence: number;
  detail?: string;
}

export type MediaState = { intent: string; description: string };

export interface DashboardState {
  connection: ConnectionState;
  status: EngineStatus | null;
  captions: Caption[];
  mic: { db: number | null; speaking: boolean };
  gesture: Perception | null;
  emotion: Perception | null;
  /** fused affect of face and words (positive / neutral / negative), main/fusion/affect.ts */
  affect: Perception | null;
  intents: IntentEntry[];
  reply: ReplyState | null;
  /** the replies before the current one, oldest first */
  earlierReplies: Array<{ replyId: string; text: string }>;
  actions: ActionEntry[];
  turns: Turn[];
  errors: ErrorEntry[];
  context: {
    /** seq of the last time.query intent; the panel then shows a live clock */
    timeAskedSeq: number | null;
    media: MediaState | null;
    /** app named by the last app.open intent */
    lastApp: string | null;
  };
  /** incoming messages dropped because they failed the contract */
  invalidCount: number;
}
