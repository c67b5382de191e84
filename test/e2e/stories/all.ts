// Every story, in the order each engine runs them.
import { attachments } from './attachments.js';
import { backBeforeAck } from './back-before-ack.js';
import { chat } from './chat.js';
import { csp } from './csp.js';
import { nextPage } from './next-page.js';
import { offline } from './offline.js';
import { reload } from './reload.js';
import type { Story } from './story.js';
import { tabs } from './tabs.js';

export const STORIES: Story[] = [chat, nextPage, backBeforeAck, reload, offline, tabs, csp, attachments];
