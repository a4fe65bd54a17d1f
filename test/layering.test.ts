// The layering rule of ARCHITECTURE.md, checked on every import in main/ and renderer/:
// common imports nothing of ours; core imports only common; a capability imports common and core;
// only the composers (engine, cli, app, server) put capabilities together.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const COMPOSERS = new Set(['engine', 'cli', 'app', 'server', 'preload']);
/**
 * Declared exceptions between capabilities: actions carry out what the command registry defines (its apps
 * allowlist), and the LLM offers the same commands as tools (their slots become JSON schemas).
 */
const EXTRA_EDGES: Record<string, readonly string[]> = { actions: ['commands'], llm: ['commands'] };

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(sourceFiles(path));
    else if (/\.(ts|tsx|mts|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** main/<layer>/... -> layer; renderer/... -> 'renderer' */
function layerOf(path: string): string | null {
  const rel = relative(ROOT, path).split('/');
  if (rel[0] === 'renderer') return 'renderer';
  return rel[0] === 'main' && rel.length > 2 ? rel[1]! : null;
}

function allowed(from: string, to: string): boolean {
  if (from === to) return true;
  if (from === 'common') return false;
  if (from === 'renderer') return to === 'common';
  if (from === 'core') return to === 'common';
  if (COMPOSERS.has(from)) return true;
  return to === 'common' || to === 'core' || (EXTRA_EDGES[from]?.includes(to) ?? false);
}

describe('layering', () => {
  const files = ['main', 'renderer'].flatMap((d) => {
    try {
      return sourceFiles(join(ROOT, d));
    } catch {
      return [];
    }
  });

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('every relative import respects the layers', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (!from) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        const to = layerOf(resolve(dirname(file), spec));
        if (to && !allowed(from, to)) violations.push(`${relative(ROOT, file)} imports ${spec} (${from} -> ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
