// The ESM build's chunks: linked statically, so a bundler user's own bundler decides how to split.
import { createFaqIndex } from '../faq/index.js';
import { createInvitationEngine } from '../invitations/engine.js';
import type { Chunks } from '../core/chunks.js';
import { Client } from '../core/client.js';
import { mountUi } from '../ui/mount.js';
import { uploadFile } from '../uploads/upload.js';

/** Every chunk, already loaded. */
export const staticChunks: Chunks = {
  core: () => Promise.resolve({ Client }),
  faq: () => Promise.resolve({ createFaqIndex }),
  invitations: () => Promise.resolve({ createInvitationEngine }),
  ui: () => Promise.resolve({ mountUi }),
  uploads: () => Promise.resolve({ uploadFile }),
};
