// Attaching a file (DESIGN §10): the paperclip opens the device's picker (on a phone, the camera or
// the gallery for images), and the panel takes drops and the composer pastes. Each file is checked
// against the site's `attachments` before anything is sent, with a message the visitor can act on.
import type { WidgetConfig } from '../../protocol/widget-config.js';
import { attachmentRefusal, DEFAULT_ATTACHMENT_TYPES, DEFAULT_MAX_ATTACHMENT_BYTES } from '../../protocol/attachment-rules.js';
import type { Client } from '../core/client.js';
import type { Strings } from '../i18n.js';
import { formatSize } from './Attachments.js';

/** The site's rules with their defaults, or null when visitors may not attach files. */
export function attachRules(config: WidgetConfig | null) {
  const a = config?.attachments;
  return a?.enabled ? { enabled: true, maxBytes: a.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES, types: a.types ?? DEFAULT_ATTACHMENT_TYPES } : null;
}

/**
 * Sends each of `files` that the site takes; returns what to tell the visitor: why a file was
 * refused, that files here do not survive leaving the page, or '' when all is well.
 */
export function sendFiles(client: Client, files: ArrayLike<File>, s: Strings): string {
  const rules = attachRules(client.config);
  if (!rules) return '';
  let say = '';
  for (const f of Array.from(files)) {
    const why = attachmentRefusal(rules, f);
    if (why) {
      say = why === 'too_large' ? s.fileTooLarge(formatSize(rules.maxBytes, client.locale)) : s.fileWrongType;
      continue;
    }
    client.attach(f);
    // Only IndexedDB keeps a file across a reload: elsewhere the visitor must know before leaving.
    if (client.conv.storage !== 'indexeddb') say ||= s.fileKeptHere;
  }
  return say;
}

/** The paperclip and its hidden file input; `onFiles` gets what the visitor picked. */
export function AttachButton(p: { s: Strings; types: readonly string[]; onFiles: (files: FileList) => void }) {
  let input: HTMLInputElement | null = null;
  return (
    <>
      <button type="button" class="clip" data-parley="attach" aria-label={p.s.attach} onClick={() => input?.click()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="m9 13 6-6a2.8 2.8 0 0 1 4 4l-8 8a4.9 4.9 0 0 1-7-7l7-7" />
        </svg>
      </button>
      <input
        ref={(el) => {
          input = el;
        }}
        type="file"
        class="sr"
        tabIndex={-1}
        aria-hidden="true"
        data-parley="attach-input"
        accept={p.types.join(',')}
        onChange={(e) => {
          const el = e.currentTarget as HTMLInputElement;
          if (el.files?.length) p.onFiles(el.files);
          // The same file picked again is a new message.
          el.value = '';
        }}
      />
    </>
  );
}
