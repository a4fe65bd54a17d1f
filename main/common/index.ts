export * from './events.ts';
export * from './errors.ts';
export * from './clock.ts';
