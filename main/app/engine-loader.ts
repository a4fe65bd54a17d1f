/**
 * Loads the EngineService from its TypeScript sources through tsx, the same way the CLI runs.
 * Why not bundle the engine into the main bundle: its stages start worker processes by file path
 * (main/core/worker-boot.mjs + a .ts worker next to the stage's source) and load native modules
 * (onnxruntime-node, nut-js); bundling would break those relative URLs. So only the thin shell in
 * main/app is bundled; the engine runs unbundled from main/** exactly as `beckon run` does.
 */
import { pathToFileURL } from 'node:url';
import type { EngineService, EngineServiceOptions } from '../engine/service.ts';
import type { EnginePort } from './engine-port.ts';

export type EngineLoadOptions = EngineServiceOptions;

/** Compile-time proof that the real service fits the port the shell codes against. */
export const fitsPort = (service: EngineService): EnginePort => service;

let tsxRegistered = false;

export async function loadEngine(serviceModulePath: string, options: EngineLoadOptions): Promise<EnginePort> {
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  const module = (await import(/* @vite-ignore */ pathToFileURL(serviceModulePath).href)) as {
    EngineService: new (options: EngineLoadOptions) => EngineService;
  };
  return new module.EngineService(options);
}
