// "Leave a message" while nobody is online: the form's fields as the relay will accept them, and one
// id per distinct form on this page, so a double submit (double click, Enter then click) is one message.
// Owns: the form's checks and its ids. Must not: send or store (the client queues the frame with this
// tab's role).
import { nanoid } from 'nanoid';
import type { OfflineMessageFrame } from '../../protocol/client-frames.js';
import { EMAIL_PATTERN, SHORT_MAX } from '../../protocol/patterns.js';

/** The relay's own email rule: an offline message it would refuse must not leave the form. */
export function isEmail(s: string): boolean {
  return s.length <= SHORT_MAX && EMAIL_PATTERN.test(s);
}

/** Turns forms into offline_message frames; `fresh` is false for a form already submitted on this page. */
export function createLeaveMessage(): (form: { name?: string; email: string; text: string }, maxText: number) => { frame: OfflineMessageFrame; fresh: boolean } | null {
  const sent = new Map<string, string>();
  return (form, maxText) => {
    const name = String(form.name ?? '').trim().slice(0, SHORT_MAX);
    const email = String(form.email ?? '').trim();
    const text = String(form.text ?? '').slice(0, maxText);
    if (!text.trim() || !isEmail(email)) return null;
    const key = `${name}\n${email}\n${text}`;
    const known = sent.get(key);
    const id = known ?? nanoid();
    sent.set(key, id);
    return { frame: { t: 'offline_message', id, name, email, text }, fresh: !known };
  };
}
