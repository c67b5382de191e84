// Code the widget loads after its first paint: the client core (storage, socket, tabs; in idle time,
// once consent allows), the FAQ search core (once the visitor shows intent), the invitation rules
// engine (only for sites with rules) and the panel's UI (on first open, a teaser or an agent message;
// Preact lives only there). The script tag loads each as
// its own file on first use; the ESM build links them statically. Loading never throws: null means
// "not available", and the feature stays quiet.
// Owns: the chunks' shapes and the no-chunks default. Must not: load anything itself (widget/chunks/
// does), or import the UI.
import type { createFaqIndex } from '../faq/index.js';
import type { createInvitationEngine } from '../invitations/engine.js';
import type { Client } from './client.js';
import type { uploadFile } from '../uploads/upload.js';

/** Uploads a visitor's file where the helpdesk says (loaded when a message with a file is due). */
export interface UploadsChunk {
  uploadFile: typeof uploadFile;
}

export interface FaqChunk {
  createFaqIndex: typeof createFaqIndex;
}

export interface InvitationsChunk {
  createInvitationEngine: typeof createInvitationEngine;
}

/** Where the UI goes: the widget's shadow root, inline in a container or floating, with or without its bubble. */
export interface UiPlace {
  shadow: ShadowRoot;
  container?: HTMLElement;
  /** false: the page opens the chat with its own button (`data-launcher="none"`). */
  bubble: boolean;
  /** The colour the page asked for (`data-color`), while the site's config names none. */
  color?: string;
}

/** The UI on screen. */
export interface MountedUi {
  /** Puts text in the composer, as if the visitor had typed it (`open({draft})`). */
  draft(text: string): void;
  unmount(): void;
}

export interface UiChunk {
  mountUi(client: Client, place: UiPlace): MountedUi;
}

/** The client core: storage, socket, tabs and the conversation (the script tag's second file). */
export interface CoreChunk {
  Client: typeof Client;
}

export interface Chunks {
  core(): Promise<CoreChunk | null>;
  faq(): Promise<FaqChunk | null>;
  invitations(): Promise<InvitationsChunk | null>;
  ui(): Promise<UiChunk | null>;
  uploads(): Promise<UploadsChunk | null>;
}

const none = () => Promise.resolve(null);

/** No optional chunks: no FAQ suggestions, no rule invitations, no UI, no uploads (Node clients, load tests). */
export const noChunks: Chunks = { core: none, faq: none, invitations: none, ui: none, uploads: none };
