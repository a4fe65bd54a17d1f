/** An error a user can act on: a stable code, a one-line message, and what to do about it. */
export class BeckonError extends Error {
  readonly code: string;
  readonly hint?: string;
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BeckonError';
    this.code = code;
    this.hint = hint;
  }
}

export function toBeckonError(err: unknown, fallbackCode = 'INTERNAL'): BeckonError {
  if (err instanceof BeckonError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new BeckonError(fallbackCode, message, undefined, { cause: err });
}
