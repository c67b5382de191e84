// Attachment descriptors (DESIGN §10): the relay never sees a file, only vouches for where it went.
// It signs what the helpdesk said about an upload, and later forwards a visitor's message only with
// descriptors it signed itself, for this visitor, and not yet expired, so no visitor can put an
// arbitrary URL in front of an agent. Verification tries every configured secret, like tokens.
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  attachmentRefusal,
  descriptorSigningText,
  uploadTargetSchema,
  type AttachmentDescriptor,
  type AttachmentsConfig,
  type ShownAttachment,
  type UploadTarget,
} from '../protocol/attachments.js';
import type { UploadFrame } from '../protocol/client-frames.js';
import { check } from '../protocol/schema.js';

type Unsigned = Omit<AttachmentDescriptor, 'sig'>;

function mac(secret: string, site: string, visitorId: string, d: Unsigned): string {
  return createHmac('sha256', secret).update(descriptorSigningText(site, visitorId, d)).digest('base64url');
}

/** Signs a descriptor with the newest secret. */
export function signDescriptor(secrets: string[], site: string, visitorId: string, d: Unsigned): AttachmentDescriptor {
  return { ...d, sig: mac(secrets[0]!, site, visitorId, d) };
}

/** True when one of `secrets` signed exactly this descriptor for this site and visitor and it has not expired. */
export function verifyDescriptor(secrets: string[], site: string, visitorId: string, d: AttachmentDescriptor, now = Date.now()): boolean {
  if (d.exp * 1000 <= now) return false;
  const given = Buffer.from(d.sig, 'latin1');
  return secrets.some((s) => {
    const want = Buffer.from(mac(s, site, visitorId, d), 'latin1');
    return want.length === given.length && timingSafeEqual(want, given);
  });
}

/**
 * Why a message's descriptors cannot be forwarded, or undefined when every one verifies and still
 * fits the site's rules (the config may have tightened since the upload was granted).
 */
export function descriptorsRefusal(
  secrets: string[],
  site: { id: string; attachments: AttachmentsConfig },
  visitorId: string,
  descriptors: AttachmentDescriptor[],
  now = Date.now(),
): string | undefined {
  for (const d of descriptors) {
    if (!verifyDescriptor(secrets, site.id, visitorId, d, now)) return 'attachment_invalid';
    if (attachmentRefusal(site.attachments, d)) return 'attachment_invalid';
  }
  return undefined;
}

/** What the helpdesk said in its 2xx answer to attachment.requested, or undefined when it does not fit. */
export function uploadTargetOf(body: string, now = Date.now()): UploadTarget | undefined {
  let o: unknown;
  try {
    o = JSON.parse(body);
  } catch {
    return undefined;
  }
  const r = check(uploadTargetSchema(), o);
  if (!r.ok) return undefined;
  const expires = Date.parse(r.value.expiresAt);
  // A target already expired (or no time at all) cannot take the file: the widget asks again later.
  return Number.isNaN(expires) || expires <= now ? undefined : r.value;
}

/** The signed descriptor for an upload the helpdesk placed at `target`. */
export function descriptorFor(secrets: string[], site: { id: string; attachments: AttachmentsConfig }, visitorId: string, f: UploadFrame, target: UploadTarget): AttachmentDescriptor {
  const exp = Math.floor(Date.parse(target.expiresAt) / 1000) + site.attachments.descriptorGraceSeconds;
  return signDescriptor(secrets, site.id, visitorId, { id: f.id, name: f.name, type: f.type, size: f.size, url: target.url, exp });
}

/** A descriptor as other tabs and the conversation show it: no signature to copy around. */
export function shownOf(d: AttachmentDescriptor): ShownAttachment {
  return { id: d.id, url: d.url, name: d.name, type: d.type, size: d.size };
}
