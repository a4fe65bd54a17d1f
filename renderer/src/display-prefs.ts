import { useCallback, useEffect, useState } from 'react';

export interface DisplayPrefs {
  highContrast: boolean;
  largeText: boolean;
}

export const PREFS_KEY = 'beckon.display';
export const CLASSES = { highContrast: 'theme-high-contrast', largeText: 'text-large' } as const;

export function loadPrefs(storage: Storage | undefined = globalThis.localStorage, media = globalThis.matchMedia): DisplayPrefs {
  const prefersMore = typeof media === 'function' && media('(prefers-contrast: more)').matches;
  try {
    const saved = JSON.parse(storage?.getItem(PREFS_KEY) ?? 'null') as Partial<DisplayPrefs> | null;
    return { highContrast: saved?.highContrast ?? prefersMore, largeText: saved?.largeText ?? false };
  } catch {
    return { highContrast: prefersMore, largeText: false };
  }
}

/** High-contrast and large-text modes: classes on <html>, remembered in localStorage. */
export function useDisplayPrefs() {
  const [prefs, setPrefs] = useState(loadPrefs);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle(CLASSES.highContrast, prefs.highContrast);
    root.classList.toggle(CLASSES.largeText, prefs.largeText);
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
    } catch {
      // storage may be unavailable (private mode); the toggles still work for this page
    }
  }, [prefs]);
  const toggle = useCallback((key: keyof DisplayPrefs) => setPrefs((p) => ({ ...p, [key]: !p[key] })), []);
  return { prefs, toggle };
}
