// The few words the first script shows before the UI file arrives: the bubble, the consent notice and
// the tab title. The bubble's labels match the UI's own (widget/i18n.ts), which replaces it in place.
import type { Locale } from '../../protocol/locales.js';

export interface LauncherStrings {
  launcher: string;
  launcherClose: string;
  unread: (n: number) => string;
  consentTitle: string;
  consentText: string;
  consentAccept: string;
  privacy: string;
  /** The tab title while a new agent message waits in a hidden tab. */
  newMessage: (n: number) => string;
}

const en: LauncherStrings = {
  launcher: 'Open chat',
  launcherClose: 'Close chat',
  unread: (n) => `${n} unread ${n === 1 ? 'message' : 'messages'}`,
  consentTitle: 'Before we chat',
  consentText: 'To chat, this site keeps your conversation on this device and sends your messages and the page you are on to its support team.',
  consentAccept: 'Accept and chat',
  privacy: 'Privacy policy',
  newMessage: (n) => `(${n}) New ${n === 1 ? 'message' : 'messages'}`,
};

const vi: LauncherStrings = {
  launcher: 'Mở khung chat',
  launcherClose: 'Đóng khung chat',
  unread: (n) => `${n} tin nhắn chưa đọc`,
  consentTitle: 'Trước khi trò chuyện',
  consentText: 'Để trò chuyện, trang web lưu cuộc trò chuyện trên thiết bị này và gửi tin nhắn của bạn cùng trang bạn đang xem đến đội ngũ hỗ trợ.',
  consentAccept: 'Đồng ý và trò chuyện',
  privacy: 'Chính sách bảo mật',
  newMessage: (n) => `(${n}) Tin nhắn mới`,
};

const TABLE: Record<Locale, LauncherStrings> = { en, vi };

/** The launcher's strings in `locale`. */
export function launcherStrings(locale: Locale): LauncherStrings {
  return TABLE[locale];
}
