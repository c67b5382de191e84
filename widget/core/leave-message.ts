// "Leave a message" while nobody can answer: the form's fields as the relay will accept them, and one
// id per distinct form on this page, so a double submit (double click, Enter then click) is one message.
// An email or a phone number is enough; "call me back" needs the phone (Vietnam runs on phone calls).
// Owns: the form's checks and its ids. Must not: send or store (the client queues the frame with this
// tab's role).
import { nanoid } from 'nanoid';
import type { OfflineMessageFrame } from '../../protocol/client-frames.js';
import { EMAIL_PATTERN, SHORT_MAX, isPhone } from '../../protocol/patterns.js';

export { isPhone };

/** The relay's own email rule: an offline message it would refuse must not leave the form. */
export function isEmail(s: string): boolean {
  return s.length <= SHORT_MAX && EMAIL_PATTERN.test(s);
}

/** What the visitor filled in; empty fields are left out of the frame. */
export interface LeaveMessageForm {
  name?: string;
  email?: string;
  phone?: string;
  callback?: boolean;
  text: string;
}

/** Turns forms into offline_message frames; `fresh` is false for a form already submitted on this page. */
export function createLeaveMessage(): (form: LeaveMessageForm, maxText: number) => { frame: OfflineMessageFrame; fresh: boolean } | null {
  const sent = new Map<string, string>();
  return (form, maxText) => {
    const name = String(form.name ?? '').trim().slice(0, SHORT_MAX);
    const email = String(form.email ?? '').trim();
    const phone = String(form.phone ?? '').trim();
    const callback = !!form.callback;
    const text = String(form.text ?? '').slice(0, maxText);
    if (!text.trim() || (email && !isEmail(email)) || (phone && !isPhone(phone)) || (!email && !phone) || (callback && !phone)) return null;
    const key = `${name}\n${email}\n${phone}\n${callback}\n${text}`;
    const known = sent.get(key);
    const id = known ?? nanoid();
    sent.set(key, id);
    const frame: OfflineMessageFrame = { t: 'offline_message', id, name, text };
    if (email) frame.email = email;
    if (phone) frame.phone = phone;
    if (callback) frame.callback = true;
    return { frame, fresh: !known };
  };
}
