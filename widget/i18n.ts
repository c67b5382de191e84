// English and Vietnamese strings. The locale comes from setLocale/the option, else the page's
// <html lang> (a bilingual site's English pages say lang="en"), else the site config, else English.

import { LOCALE_TAGS, toLocale, type Locale } from '../protocol/locales.js';

export { toLocale, type Locale };

const en = {
  launcher: 'Open chat',
  launcherClose: 'Close chat',
  unread: (n: number) => `${n} unread ${n === 1 ? 'message' : 'messages'}`,
  title: 'Chat with us',
  dialog: 'Chat',
  close: 'Close',
  online: 'We are online',
  away: 'We are away — leave a message',
  transcript: 'Conversation',
  empty: 'Ask us anything. We are happy to help.',
  placeholder: 'Type a message…',
  composer: 'Message',
  send: 'Send',
  typing: 'Agent is typing…',
  connecting: 'Connecting…',
  // The relay is unreachable: most often our side, not the visitor's network, so we do not blame it.
  offline: 'Reconnecting to the chat… Your messages are kept and will be sent once it is back.',
  noNetwork: 'You are offline. Your messages will be sent when your connection is back.',
  reconnecting: 'Reconnecting…',
  newMessage: 'New message',
  refused: 'Chat is unavailable on this site.',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Not sent',
  retry: 'Retry',
  you: 'You',
  agent: 'Agent',
  offlineIntro: 'Nobody is online right now. Leave a message and we will answer by email.',
  offlineName: 'Name',
  offlineEmail: 'Email',
  offlineText: 'Message',
  offlineSend: 'Send message',
  offlineBadEmail: 'Please enter a valid email address, like name@example.com.',
  offlineNoText: 'Please write your message.',
  offlineThanks: 'Thank you! We have your message.',
  inviteAccept: 'Reply',
  inviteDismiss: 'Dismiss invitation',
  faqList: 'Suggested articles',
  faqCount: (n: number) => (n ? `${n} suggested ${n === 1 ? 'article' : 'articles'}, use the arrow keys` : ''),
  faqHelpful: 'This answered my question',
  faqNotHelpful: 'I still need help',
  faqThanks: 'Glad that helped!',
  faqMore: 'Read the full article',
};

export type Strings = typeof en;

const vi: Strings = {
  launcher: 'Mở khung chat',
  launcherClose: 'Đóng khung chat',
  unread: (n) => `${n} tin nhắn chưa đọc`,
  title: 'Trò chuyện với chúng tôi',
  dialog: 'Trò chuyện',
  close: 'Đóng',
  online: 'Chúng tôi đang trực tuyến',
  away: 'Chúng tôi đang vắng mặt — hãy để lại lời nhắn',
  transcript: 'Cuộc trò chuyện',
  empty: 'Bạn cần hỗ trợ gì? Chúng tôi luôn sẵn lòng.',
  placeholder: 'Nhập tin nhắn…',
  composer: 'Tin nhắn',
  send: 'Gửi',
  typing: 'Nhân viên đang nhập…',
  connecting: 'Đang kết nối…',
  offline: 'Đang kết nối lại khung chat… Tin nhắn của bạn được giữ lại và sẽ gửi khi kết nối trở lại.',
  noNetwork: 'Bạn đang mất mạng. Tin nhắn sẽ được gửi khi có mạng trở lại.',
  reconnecting: 'Đang kết nối lại…',
  newMessage: 'Tin nhắn mới',
  refused: 'Tính năng chat không khả dụng trên trang này.',
  sending: 'Đang gửi',
  sent: 'Đã gửi',
  failed: 'Chưa gửi được',
  retry: 'Thử lại',
  you: 'Bạn',
  agent: 'Nhân viên',
  offlineIntro: 'Hiện không có ai trực tuyến. Hãy để lại lời nhắn, chúng tôi sẽ trả lời qua email.',
  offlineName: 'Họ tên',
  offlineEmail: 'Email',
  offlineText: 'Lời nhắn',
  offlineSend: 'Gửi lời nhắn',
  offlineBadEmail: 'Vui lòng nhập địa chỉ email hợp lệ, ví dụ ten@example.com.',
  offlineNoText: 'Vui lòng nhập lời nhắn.',
  offlineThanks: 'Cảm ơn bạn! Chúng tôi đã nhận được lời nhắn.',
  inviteAccept: 'Trả lời',
  inviteDismiss: 'Bỏ qua lời mời',
  faqList: 'Bài viết gợi ý',
  faqCount: (n) => (n ? `${n} bài viết gợi ý, dùng phím mũi tên để chọn` : ''),
  faqHelpful: 'Đã giải đáp thắc mắc của tôi',
  faqNotHelpful: 'Tôi vẫn cần hỗ trợ',
  faqThanks: 'Rất vui vì đã giúp được bạn!',
  faqMore: 'Xem bài viết đầy đủ',
};

const TABLE: Record<Locale, Strings> = { en, vi };

/** Picks the locale: explicit, else the page's lang when supported, else site config, else English. */
export function pickLocale(explicit?: string, site?: string): Locale {
  const page = typeof document !== 'undefined' ? document.documentElement?.lang : undefined;
  return toLocale(explicit) ?? toLocale(page) ?? toLocale(site) ?? 'en';
}

/** The strings of a locale. */
export function strings(locale: Locale): Strings {
  return TABLE[locale];
}

/** A message time in the visitor's locale, e.g. "14:05". */
export function formatTime(iso: string, locale: Locale): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return '';
  try {
    return d.toLocaleTimeString(LOCALE_TAGS[locale], { hour: '2-digit', minute: '2-digit' });
  } catch {
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  }
}
