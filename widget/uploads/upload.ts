// One try at a queued message's file (DESIGN §10): ask the relay where it goes (`upload` →
// `upload_ready`), put it straight there with progress on the message's thumbnail, and hand back
// the message to send with the relay's signed descriptor. A descriptor still valid from an earlier
// try (a reload, a relay restart) is used as is: the file is not uploaded twice.
// Owns: the upload request and the HTTP upload. Must not: keep the outbox's order or count tries
// (widget/core/outbox.ts does), or touch the conversation other than its progress.
import { nanoid } from 'nanoid';
import type { ServerFrame, UploadReadyFrame } from '../../protocol/server-frames.js';
import type { OutboxFrame } from '../../protocol/tabs.js';
import type { RelayLink } from '../core/connection.js';
import type { Conversation } from '../core/conversation.js';
import type { OutboxItem } from '../core/outbox.js';

/** How long the relay and the helpdesk have to say where the file goes. */
const ASK_MS = 25_000;
/** A descriptor this close to its expiry is not worth a message: the relay could refuse it on arrival. */
const EXPIRY_MARGIN_MS = 60_000;

type Answer = UploadReadyFrame | Extract<ServerFrame, { t: 'nack' }> | null;

/** Sends `upload` and waits for its answer; null when the link is down or nothing came in time. */
function ask(link: RelayLink, f: { t: 'upload'; id: string; name: string; type: string; size: number }): Promise<Answer> {
  return new Promise((resolve) => {
    let off = () => {};
    const done = (a: Answer) => {
      off();
      clearTimeout(timer);
      resolve(a);
    };
    const timer = setTimeout(() => done(null), ASK_MS);
    off = link.on('frame', (r) => {
      if ((r.t === 'upload_ready' || r.t === 'nack') && r.id === f.id) done(r);
    });
    if (!link.send(f)) done(null);
  });
}

/** PUTs or POSTs the file where `r` says, reporting progress; true once the storage answered 2xx. */
function put(r: UploadReadyFrame, file: Blob, name: string, progress: (p: number) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    try {
      x.open(r.method, r.uploadUrl);
      const h = r.headers ?? {};
      for (const k in h) x.setRequestHeader(k, h[k]!);
    } catch {
      return resolve(false);
    }
    let body: Blob | FormData = file;
    if (r.method === 'POST') {
      // A presigned POST: the storage's fields first, the file last, as S3-like storages require.
      const form = new FormData();
      const fields = r.fields ?? {};
      for (const k in fields) form.append(k, fields[k]!);
      form.append('file', file, name);
      body = form;
    }
    x.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    x.onload = () => resolve(x.status >= 200 && x.status < 300);
    x.onerror = x.onabort = x.ontimeout = () => resolve(false);
    x.send(body);
  });
}

/** One try at the file of `item`: the message to send with its descriptor, or 'retry' / 'failed'. */
export async function uploadFile(link: RelayLink, conv: Conversation, item: OutboxItem): Promise<OutboxFrame | 'retry' | 'failed'> {
  try {
    return await tryUpload(link, conv, item);
  } catch {
    // Whatever broke (a browser without a part of XHR, storage refusing), the outbox must hear of it.
    return 'retry';
  }
}

async function tryUpload(link: RelayLink, conv: Conversation, item: OutboxItem): Promise<OutboxFrame | 'retry' | 'failed'> {
  if (item.frame.t !== 'message' || !item.frame.file) return 'failed';
  const file = item.frame.file;
  const message = { ...item.frame };
  delete message.file;
  const had = message.attachments?.[0];
  if (had && had.exp * 1000 > Date.now() + EXPIRY_MARGIN_MS) return message;
  // Kept where bytes cannot be (localStorage, after a reload): the file is gone, retrying cannot help.
  const b = file.b;
  if (!(b instanceof Blob || b instanceof ArrayBuffer)) return 'failed';
  const blob = new Blob([b], { type: file.t });
  // A fresh id per try: an expired or half-used target of an earlier try is never handed back.
  const r = await ask(link, { t: 'upload', id: nanoid(), name: file.n, type: blob.type || 'application/octet-stream', size: blob.size });
  if (!r) return 'retry';
  if (r.t === 'nack') return r.retryable ? 'retry' : 'failed';
  if (!/^https?:\/\//i.test(r.uploadUrl)) return 'failed';
  const id = item.id;
  conv.setProgress(id, 0);
  if (!(await put(r, blob, file.n, (p) => conv.setProgress(id, p)))) return 'retry';
  const a = r.attachment;
  conv.setProgress(id, 1, [{ id: a.id, url: a.url, name: a.name, type: a.type, size: a.size }]);
  return { ...message, attachments: [a] };
}
