import { useEffect, useId, useState, type FormEvent } from 'react';
import { SettingsPatchSchema, type ClientReply, type Settings, type SettingsPatch } from '../../../main/common/contract.ts';
import { Empty, Panel } from './Panel.tsx';

type Outcome = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saved' } | { kind: 'refused'; code: string; error: string };
type TextKey = 'microphoneDevice' | 'language' | 'voice' | 'pushToTalkHotkey';
type Toggle = 'microphoneMuted' | 'cameraMuted' | 'pushToTalk' | 'dryRun';

const TOGGLES: Array<{ key: Toggle; label: string }> = [
  { key: 'microphoneMuted', label: 'Mute microphone' },
  { key: 'cameraMuted', label: 'Mute camera' },
  { key: 'pushToTalk', label: 'Push-to-talk' },
  { key: 'dryRun', label: 'Dry run (describe actions, do not perform them)' },
];

/**
 * Engine settings. Switches apply at once; text fields and the engine choice apply together with "Apply".
 * Each change is one {type:'settings', patch} message; a refusal (e.g. a read-only server) is shown as such.
 */
export function SettingsPanel({ settings, send }: { settings: Settings | null; send: (patch: SettingsPatch) => Promise<ClientReply> }) {
  const [draft, setDraft] = useState<Settings | null>(settings);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const ids = { device: useId(), engine: useId(), language: useId(), voice: useId(), hotkey: useId() };
  const settingsKey = JSON.stringify(settings);
  useEffect(() => setDraft(settings), [settingsKey]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!settings || !draft) {
    return (
      <Panel title="Settings" className="panel-settings">
        <Empty>Settings appear once the engine answers.</Empty>
      </Panel>
    );
  }

  async function apply(patch: SettingsPatch) {
    const valid = SettingsPatchSchema.safeParse(patch);
    if (!valid.success) {
      const issue = valid.error.issues[0];
      setOutcome({ kind: 'refused', code: 'INVALID', error: `${issue?.path.join('.')}: ${issue?.message}` });
      return;
    }
    if (Object.keys(valid.data).length === 0) return;
    setOutcome({ kind: 'pending' });
    const reply = await send(valid.data);
    setOutcome(reply.ok ? { kind: 'saved' } : { kind: 'refused', code: reply.code, error: reply.error });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const patch: SettingsPatch = {};
    const texts: TextKey[] = ['microphoneDevice', 'language', 'voice', 'pushToTalkHotkey'];
    for (const key of texts) {
      const value = (draft![key] ?? '').trim();
      if (value !== (settings![key] ?? '')) patch[key] = value;
    }
    if (draft!.speechEngine !== settings!.speechEngine) patch.speechEngine = draft!.speechEngine;
    void apply(patch);
  }

  const setText = (key: TextKey) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  return (
    <Panel title="Settings" className="panel-settings">
      <fieldset className="toggles">
        <legend>Switches</legend>
        {TOGGLES.map(({ key, label }) => (
          <label key={key} className="switch">
            <input type="checkbox" checked={draft[key]} onChange={(e) => void apply({ [key]: e.target.checked })} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      <form className="settings-form" onSubmit={onSubmit} aria-label="Speech settings">
        <label htmlFor={ids.device}>Microphone device</label>
        <input id={ids.device} type="text" value={draft.microphoneDevice ?? ''} placeholder="system default" onChange={setText('microphoneDevice')} />
        <label htmlFor={ids.engine}>Speech engine</label>
        <select id={ids.engine} value={draft.speechEngine} onChange={(e) => setDraft({ ...draft, speechEngine: e.target.value as Settings['speechEngine'] })}>
          <option value="auto">Automatic</option>
          <option value="whisper">Whisper</option>
          <option value="pocketsphinx">PocketSphinx</option>
        </select>
        <label htmlFor={ids.language}>Language</label>
        <input id={ids.language} type="text" value={draft.language} onChange={setText('language')} aria-describedby={`${ids.language}-hint`} />
        <span id={`${ids.language}-hint`} className="field-hint">
          e.g. en, de, zh, or auto
        </span>
        <label htmlFor={ids.voice}>Voice</label>
        <input id={ids.voice} type="text" value={draft.voice ?? ''} placeholder="default voice" onChange={setText('voice')} />
        <label htmlFor={ids.hotkey}>Push-to-talk hotkey</label>
        <input id={ids.hotkey} type="text" value={draft.pushToTalkHotkey} onChange={setText('pushToTalkHotkey')} />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
        </div>
      </form>
      <SettingsOutcome outcome={outcome} />
    </Panel>
  );
}

function SettingsOutcome({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'refused') {
    return (
      <p className="refusal" role="alert" data-testid="settings-outcome">
        Refused ({outcome.code}): {outcome.error}
        {outcome.code === 'FORBIDDEN' && ' This dashboard is read-only; change settings in the Beckon app or start the server with settings allowed.'}
      </p>
    );
  }
  return (
    <p className="outcome" role="status" data-testid="settings-outcome">
      {outcome.kind === 'pending' ? 'Saving…' : outcome.kind === 'saved' ? 'Saved.' : ''}
    </p>
  );
}
