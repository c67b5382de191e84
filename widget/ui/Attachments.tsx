// Files in a message (DESIGN §10): images inline, lazy and in a fixed box (so the transcript does not
// jump when one loads), opening full size in a new tab; other files as links with their name and
// size. Only http(s) URLs are shown, names are text, and SVG is never drawn (it can carry script).
import type { ShownAttachment } from '../../protocol/attachments.js';
import type { Locale, Strings } from '../i18n.js';
import { safeHref } from './linkify.js';

/** "1.2 MB", "350 KB", "12 B" in the visitor's locale. */
export const formatSize = (b: number, locale: Locale): string =>
  b < 1e3 ? `${b} B` : b < 1e6 ? `${Math.round(b / 1e3)} KB` : `${(b / 1e6).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;

const isImage = (type: string) => /^image\//i.test(type) && !/svg/i.test(type);

/** The files of one message; `own`: the visitor's, whose thumbnail may be the local file itself. */
export function Attachments(p: { files: readonly ShownAttachment[]; locale: Locale; own: boolean; progress?: number; s: Strings }) {
  const up = p.progress;
  return (
    <div class="files" data-parley="attachments">
      {up !== undefined && up < 1 && (
        <progress class="up" data-parley="upload-progress" max={1} value={up} aria-label={p.s.uploading} />
      )}
      {p.files.map((f, i) => {
        const href = p.own && f.url.startsWith('blob:') ? f.url : safeHref(f.url);
        if (!href) return null;
        return isImage(f.type) ? (
          <a key={i} class="img" href={href} target="_blank" rel="noopener noreferrer" data-parley="attachment-image">
            <img src={href} alt={f.name} loading="lazy" width={200} height={150} />
          </a>
        ) : (
          <a key={i} class="file" href={href} target="_blank" rel="noopener noreferrer" data-parley="attachment-file">
            {f.name}
            {f.size !== undefined && ` (${formatSize(f.size, p.locale)})`}
          </a>
        );
      })}
    </div>
  );
}
