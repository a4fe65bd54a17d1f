import { useCallback, useMemo } from 'react';
import type { SettingsPatch } from '../../main/common/contract.ts';
import { ActionsPanel } from './components/ActionsPanel.tsx';
import { CaptionsPanel } from './components/CaptionsPanel.tsx';
import { ConnectionBar } from './components/ConnectionBar.tsx';
import { ContextPanel } from './components/ContextPanel.tsx';
import { DisplayToggles } from './components/DisplayToggles.tsx';
import { ErrorsPanel } from './components/ErrorsPanel.tsx';
import { IntentsPanel } from './components/IntentsPanel.tsx';
import { LatencyPanel } from './components/LatencyPanel.tsx';
import { LiveIndicators } from './components/LiveIndicators.tsx';
import { MicPanel } from './components/MicPanel.tsx';
import { ReplyPanel } from './components/ReplyPanel.tsx';
import { SettingsPanel } from './components/SettingsPanel.tsx';
import { StatusPanel } from './components/StatusPanel.tsx';
import { VisionPanel } from './components/VisionPanel.tsx';
import { useDisplayPrefs } from './display-prefs.ts';
import { cameraOff } from './state/selectors.ts';
import type { Transport } from './transport/types.ts';
import { useDashboard } from './useDashboard.ts';

export function App({ transport }: { transport: Transport }) {
  const [state, dispatch] = useDashboard(transport);
  const { prefs, toggle } = useDisplayPrefs();
  const sendSettings = useCallback((patch: SettingsPatch) => transport.send({ type: 'settings', patch }), [transport]);
  const interrupt = useCallback(() => void transport.send({ type: 'interrupt' }), [transport]);
  const pushToTalk = useCallback((pressed: boolean) => void transport.send({ type: 'push-to-talk', pressed }), [transport]);
  const isCameraOff = useMemo(() => cameraOff(state), [state]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to the dashboard
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <h1>Beckon</h1>
        </div>
        <ConnectionBar connection={state.connection} invalidCount={state.invalidCount} />
        <LiveIndicators status={state.status} />
        <DisplayToggles prefs={prefs} toggle={toggle} />
      </header>
      <main id="main" tabIndex={-1} className="grid">
        <CaptionsPanel captions={state.captions} />
        <ReplyPanel reply={state.reply} earlier={state.earlierReplies} onInterrupt={interrupt} />
        <IntentsPanel intents={state.intents} />
        <ErrorsPanel errors={state.errors} status={state.status} onDismiss={() => dispatch({ type: 'dismiss-errors' })} />
        <ActionsPanel actions={state.actions} />
        <MicPanel mic={state.mic} status={state.status} onPushToTalk={pushToTalk} />
        <VisionPanel gesture={state.gesture} emotion={state.emotion} affect={state.affect} cameraOff={isCameraOff} transport={transport} cameraDevice={state.status?.settings.cameraDevice} />
        <ContextPanel context={state.context} status={state.status} />
        <LatencyPanel turns={state.turns} />
        <StatusPanel status={state.status} />
        <SettingsPanel settings={state.status?.settings ?? null} send={sendSettings} />
      </main>
    </>
  );
}
