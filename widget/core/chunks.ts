// Framework-free code the widget needs only sometimes: the FAQ search core (once the visitor shows
// intent) and the invitation rules engine (only for sites with rules). The script tag loads each as
// its own file on first use; the ESM build links them statically. Loading never throws: null means
// "not available", and the feature stays quiet.
// Owns: the chunks' shapes and the no-chunks default. Must not: load anything itself (widget/chunks/
// does), or import the UI.
import type { createFaqIndex } from '../faq/index.js';
import type { createInvitationEngine } from '../invitations/engine.js';

export interface FaqChunk {
  createFaqIndex: typeof createFaqIndex;
}

export interface InvitationsChunk {
  createInvitationEngine: typeof createInvitationEngine;
}

export interface Chunks {
  faq(): Promise<FaqChunk | null>;
  invitations(): Promise<InvitationsChunk | null>;
}

const none = () => Promise.resolve(null);

/** No chunks at all: no FAQ suggestions, no rule invitations (Node clients, load tests). */
export const noChunks: Chunks = { faq: none, invitations: none };
