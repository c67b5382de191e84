// The ESM build's chunks: linked statically, so a bundler user's own bundler decides how to split.
import { createFaqIndex } from '../faq/index.js';
import { createInvitationEngine } from '../invitations/engine.js';
import type { Chunks } from '../core/chunks.js';

/** Both chunks, already loaded. */
export const staticChunks: Chunks = {
  faq: () => Promise.resolve({ createFaqIndex }),
  invitations: () => Promise.resolve({ createInvitationEngine }),
};
