// Files in a message (DESIGN §10): images inline, lazy and in a fixed box (so the transcript does not
// jump when one loads), opening full size in a new tab; other files as links with their name and
// size. Only http(s) URLs are shown, names are text, and SVG is never drawn (it can carry script).
import type { ShownAttachment } from '../../protocol/attachments.js';
import type { Locale } from '../i18n.js';
import { safeHref } from './linkify.js';

/** "1.2 MB", "350 KB", "12 B" in the visitor's locale. */
export function formatSize(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${n.toLocaleString(locale, { maximumFractionDigits: u > 1 ? 1 : 0 })} ${units[u]}`;
}

const isImage = (type: string) => /^image\//i.test(type) && !/svg/i.test(type);

/** The files of one message. */
export function Attachments(p: { files: readonly ShownAttachment[]; locale: Locale }) {
  return (
    <div class="files" data-parley="attachments">
      {p.files.map((f, i) => {
        const href = safeHref(f.url);
        if (!href) return null;
        return isImage(f.type) ? (
          <a key={i} class="img" href={href} target="_blank" rel="noopener noreferrer" data-parley="attachment-image">
            <img src={href} alt={f.name} loading="lazy" width={200} height={150} />
          </a>
        ) : (
          <a key={i} class="file" href={href} target="_blank" rel="noopener noreferrer" data-parley="attachment-file">
            <span aria-hidden="true">📎 </span>
            {f.name}
            {f.size !== undefined && <span class="size"> ({formatSize(f.size, p.locale)})</span>}
          </a>
        );
      })}
    </div>
  );
}
