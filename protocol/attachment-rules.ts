// Which files a site takes (DESIGN §10), as plain functions with no schema: the widget's UI checks a
// file with these before anything is sent, and the relay checks the same way again.

/** Largest file a site takes unless it says otherwise: 10 MiB. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Types a site takes unless it says otherwise. */
export const DEFAULT_ATTACHMENT_TYPES = ['image/*', 'application/pdf'];
/** Latest a descriptor may stay valid after its upload target expires (DESIGN §10). */
export const MAX_DESCRIPTOR_GRACE_SECONDS = 24 * 3600;
/** True when `type` is one of `types` (exactly, or under a `type/*` wildcard other than SVG). */
export function typeAllowed(types: readonly string[], type: string): boolean {
  const t = type.toLowerCase();
  return types.some((p) => {
    const want = p.toLowerCase();
    if (want === t) return true;
    if (!want.endsWith('/*')) return false;
    return t.startsWith(want.slice(0, -1)) && t !== 'image/svg+xml';
  });
}

/** Why a file is refused before anything is sent, or undefined when it may go. */
export type AttachmentRefusal = 'attachments_disabled' | 'type_not_allowed' | 'too_large';
/** The reason a declared file breaks the site's `attachments` rules, or undefined when it fits. */
export function attachmentRefusal(config: { enabled: boolean; maxBytes: number; types: readonly string[] }, file: { type: string; size: number }): AttachmentRefusal | undefined {
  if (!config.enabled) return 'attachments_disabled';
  if (!typeAllowed(config.types, file.type)) return 'type_not_allowed';
  if (file.size > config.maxBytes) return 'too_large';
  return undefined;
}

