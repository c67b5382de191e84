// Errors are values with a stable `code` so callers branch on the code, never on message text.

import type { ApiErrorCode } from '../protocol/api.js';

export type { ApiErrorCode };

/** A problem that an option causes: `field` is the dotted path of the option to fix. */
abstract class FieldError extends Error {
  abstract readonly code: string;
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = new.target.name;
    this.field = field;
  }
}

/** A configuration problem found at start; `field` is the dotted path of the offending option. */
export class ConfigError extends FieldError {
  readonly code = 'config_invalid' as const;
}

/** An HTTP API error: rendered as `status {error:{code,message}}`. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  constructor(status: number, code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The shared bus could not be reached at start; `field` names the option to fix. */
export class BusError extends FieldError {
  readonly code = 'redis_unreachable' as const;
}
