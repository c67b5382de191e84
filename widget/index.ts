// `import { createWidget } from 'parley-chat/widget'`: the widget for bundler users. The script tag
// (embed.ts) is a thin command layer over this same function.
import { staticChunks } from './chunks/static.js';
import { createWidgetWith, type ParleyWidget, type WidgetOptions } from './create.js';

export type { ParleyEvents, PublicMessage as ParleyMessage, StatusInfo as ParleyStatus, InvitationInfo } from './core/events.js';
export type { Locale } from './i18n.js';
export type { UserInfo, Author } from '../protocol/types.js';
export type { WidgetConfig } from './core/config.js';
export { createFaqIndex } from './faq/index.js';
export type { FaqArticle, FaqHit, FaqIndex } from './faq/index.js';

export type { WidgetOptions, ParleyWidget, ParleyEventName, ParleyListener } from './create.js';

/** Creates and mounts the chat widget. */
export function createWidget(options: WidgetOptions): ParleyWidget {
  return createWidgetWith(options, staticChunks);
}
