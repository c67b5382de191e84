// Errors are values with a stable `code` so callers branch on the code, never on message text.

import type { ApiErrorCode } from '../protocol/api.js';

export type { ApiErrorCode };

/** A configuration problem found at start; `field` is the dotted path of the offending option. */
export class ConfigError extends Error {
  readonly code = 'config_invalid' as const;
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ConfigError';
    this.field = field;
  }
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
export class BusError extends Error {
  readonly code = 'redis_unreachable' as const;
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'BusError';
    this.field = field;
  }
}
