/**
 * The one contract between the engine and every dashboard: Electron IPC (preload API, main-process
 * handlers) and socket.io (kiosk and second screens) are both generated from it.
 * Every message crossing a boundary is parsed with these schemas; nothing else gets through.
 */
import { z } from 'zod';
import { EmotionSchema, EventSchema, GestureSchema, BINARY_KINDS, type BeckonEvent } from './events.ts';
import { PerceptionSchema } from './perception.ts';

/** Largest message a client may send, in bytes of JSON (socket.io's maxHttpBufferSize is set from it). */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** Events as they travel to dashboards: every kind except those that carry raw audio. */
export const WireEventSchema = EventSchema.refine((e) => !BINARY_KINDS.has(e.kind), 'audio never leaves the engine');
export type WireEvent = Exclude<BeckonEvent, { kind: 'AudioFrame' | 'SpeechSegment' }>;

export const SettingsSchema = z.object({
  /** recorder device name; undefined = the system default */
  microphoneDevice: z.string().max(200).optional(),
  cameraDevice: z.string().max(200).optional(),
  speechEngine: z.enum(['auto', 'whisper', 'pocketsphinx']),
  /** BCP-47 code, or 'auto' for Whisper's detection */
  language: z.string().min(2).max(16),
  voice: z.string().max(64).optional(),
  pushToTalk: z.boolean(),
  pushToTalkHotkey: z.string().max(64),
  microphoneMuted: z.boolean(),
  cameraMuted: z.boolean(),
  dryRun: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  speechEngine: 'auto',
  language: 'en',
  pushToTalk: false,
  pushToTalkHotkey: 'CommandOrControl+Shift+Space',
  microphoneMuted: false,
  cameraMuted: true,
  dryRun: false,
};

export const ModelStatusSchema = z.object({
  name: z.string(),
  task: z.string(),
  present: z.boolean(),
  licence: z.string(),
  /** how to get it when missing */
  hint: z.string().optional(),
});

export const EngineStatusSchema = z.object({
  state: z.enum(['starting', 'listening', 'idle', 'stopped', 'error']),
  /** what is wrong and what to do, when state is 'error' */
  message: z.string().optional(),
  hint: z.string().optional(),
  asr: z.object({ engine: z.string(), model: z.string().optional(), executionProvider: z.string().optional() }).optional(),
  tts: z.object({ engine: z.string(), voice: z.string().optional() }).optional(),
  /** the language model that answers chat, when one is configured */
  llm: z.object({ engine: z.string(), model: z.string(), device: z.string() }).optional(),
  models: z.array(ModelStatusSchema),
  microphone: z.object({ live: z.boolean(), muted: z.boolean(), device: z.string().optional() }),
  camera: z.object({ live: z.boolean(), muted: z.boolean() }),
  /** context panel: what the conversation may refer to */
  context: z.object({
    allowedApps: z.array(z.string()),
    commands: z.array(z.string()),
  }),
  settings: SettingsSchema,
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/** What a dashboard may send. Which types a given client may use is the server's configuration. */
export const ClientMessageSchema = z.discriminatedUnion('type', [
  /** vision runs in the browser (MediaPipe); its events come back through here */
  z.object({ type: z.literal('vision'), event: z.union([GestureSchema, EmotionSchema]) }),
  /** one camera frame's hand landmarks and face crops; the engine turns them into Gesture and Emotion events */
  z.object({ type: z.literal('perception'), perception: PerceptionSchema }),
  z.object({ type: z.literal('push-to-talk'), pressed: z.boolean() }),
  /** stop speaking and cancel the answer (barge-in from the dashboard) */
  z.object({ type: z.literal('interrupt') }),
  z.object({ type: z.literal('settings'), patch: SettingsPatchSchema }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];

/** Channel names, the same over IPC (prefixed 'beckon:') and socket.io. */
export const CHANNELS = {
  /** engine -> dashboard: one WireEvent */
  event: 'event',
  /** engine -> dashboard: the whole EngineStatus, whenever it changes */
  status: 'status',
  /** dashboard -> engine: one ClientMessage; answered with a ClientReply */
  message: 'message',
  /** dashboard -> engine: ask for the current EngineStatus */
  getStatus: 'get-status',
} as const;

export const ClientReplySchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), error: z.string() }),
]);
export type ClientReply = z.infer<typeof ClientReplySchema>;

export const IPC_PREFIX = 'beckon:';
export const ipcChannel = (name: (typeof CHANNELS)[keyof typeof CHANNELS]) => `${IPC_PREFIX}${name}`;

/** Parse a client message, with a short reason a client can show when it is refused. */
export function parseClientMessage(raw: unknown): { ok: true; message: ClientMessage } | { ok: false; code: string; error: string } {
  let size = 0;
  try {
    size = JSON.stringify(raw)?.length ?? 0;
  } catch {
    return { ok: false, code: 'MALFORMED', error: 'message is not JSON-serialisable' };
  }
  if (size > MAX_CLIENT_MESSAGE_BYTES) return { ok: false, code: 'TOO_LARGE', error: `message is over ${MAX_CLIENT_MESSAGE_BYTES} bytes` };
  const parsed = ClientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: 'MALFORMED', error: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, message: parsed.data };
}

/**
 * The API the Electron preload exposes as `window.beckon` (contextBridge). The renderer imports this
 * type from here, never the preload. Outgoing messages and incoming events are parsed on both sides.
 */
export interface BeckonBridge {
  getStatus(): Promise<EngineStatus>;
  send(message: ClientMessage): Promise<ClientReply>;
  /** returns the unsubscribe function */
  onEvent(callback: (event: WireEvent) => void): () => void;
  onStatus(callback: (status: EngineStatus) => void): () => void;
}
