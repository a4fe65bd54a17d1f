/**
 * Loads the EngineService from its TypeScript sources through tsx, the same way the CLI runs.
 * Why not bundle the engine into the main bundle: its stages start worker threads by URL
 * (main/core/worker-boot.mjs + a .ts worker next to the stage's source) and load native modules
 * (onnxruntime-node, nut-js); bundling would break those relative URLs. So only the thin shell in
 * main/app is bundled; the engine runs unbundled from main/** exactly as `beckon run` does.
 */
import { pathToFileURL } from 'node:url';
import type { AudioInput } from '../engine/config.ts';
import type { Settings } from '../common/contract.ts';
import type { Logger } from '../core/log.ts';
import type { EnginePort } from './engine-port.ts';

export interface EngineLoadOptions {
  input: AudioInput;
  settings?: Partial<Settings>;
  tts?: { play: boolean; outPath?: string };
  log?: Logger;
}

let tsxRegistered = false;

export async function loadEngine(serviceModulePath: string, options: EngineLoadOptions): Promise<EnginePort> {
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  const module = (await import(/* @vite-ignore */ pathToFileURL(serviceModulePath).href)) as {
    EngineService: new (options: EngineLoadOptions) => EnginePort;
  };
  return new module.EngineService(options);
}
