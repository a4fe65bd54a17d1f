import type { DisplayPrefs } from '../display-prefs.ts';

/** High-contrast and large-text switches, as pressed-state buttons in the header. */
export function DisplayToggles({ prefs, toggle }: { prefs: DisplayPrefs; toggle: (key: keyof DisplayPrefs) => void }) {
  return (
    <div className="display-toggles" role="group" aria-label="Display">
      <button type="button" className="button" aria-pressed={prefs.highContrast} onClick={() => toggle('highContrast')}>
        High contrast
      </button>
      <button type="button" className="button" aria-pressed={prefs.largeText} onClick={() => toggle('largeText')}>
        Large text
      </button>
    </div>
  );
}
