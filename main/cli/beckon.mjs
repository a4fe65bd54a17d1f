#!/usr/bin/env node
// The `beckon` command. Beckon runs from its TypeScript sources through tsx's loader,
// so there is no build step between editing and running.
import { register } from 'tsx/esm/api';

register();
await import('./index.ts');
