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
  seen: 'Seen',
  attach: 'Attach a file',
  uploading: 'Uploading',
  fileTooLarge: (max: string) => `This file is too large (up to ${max}).`,
  fileWrongType: 'This type of file cannot be sent.',
  signIn: 'Please sign in to send messages.',
  fileKeptHere: 'Stay on this page until the file is sent.',
  you: 'You',
  agent: 'Agent',
  offlineIntro: 'Nobody is online right now. Leave a message and we will get back to you by email or phone.',
  closedIntro: 'We are closed right now. Leave a message and we will get back to you by email or phone when we open.',
  offlineName: 'Name',
  offlineEmail: 'Email',
  offlineText: 'Message',
  offlineSend: 'Send message',
  offlineBadEmail: 'Please enter a valid email address, like name@example.com.',
  offlineNoText: 'Please write your message.',
  offlineThanks: 'Thank you! We have your message.',
  offlinePhone: 'Phone',
  offlineContact: 'An email or a phone number is enough.',
  offlineCallback: 'Call me back',
  offlineBadPhone: 'Please enter a phone number like 0912 345 678 or +84 912 345 678.',
  offlineNoContact: 'Please leave an email or a phone number.',
  offlineNeedPhone: 'Please enter the number we should call back.',
  prechatIntro: 'Before we start, tell us how to reach you.',
  prechatStart: 'Start chat',
  prechatRequired: 'Please fill in the fields marked *.',
  prechatConsent: 'Please tick the box to continue.',
  closed: 'We are closed — leave a message',
  backAt: (when: string) => `Back at ${when}`,
  today: 'today',
  tomorrow: 'tomorrow',
  endChat: 'End chat',
  ended: 'Chat ended',
  rateQ: 'How was your chat?',
  rateLabels: ['Very bad', 'Bad', 'Okay', 'Good', 'Excellent'],
  rateComment: 'Comment (optional)',
  rateSend: 'Send rating',
  rateThanks: 'Thank you for your rating!',
  ratePick: 'Please choose a rating from 1 to 5.',
  emailMe: 'Email me this conversation',
  emailSent: (e: string) => `We will email this conversation to ${e}.`,
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
  seen: 'Đã xem',
  attach: 'Đính kèm tệp',
  uploading: 'Đang tải lên',
  fileTooLarge: (max) => `Tệp quá lớn (tối đa ${max}).`,
  fileWrongType: 'Không gửi được loại tệp này.',
  signIn: 'Vui lòng đăng nhập để gửi tin nhắn.',
  fileKeptHere: 'Hãy ở lại trang này đến khi tệp được gửi.',
  you: 'Bạn',
  agent: 'Nhân viên',
  offlineIntro: 'Hiện không có ai trực tuyến. Hãy để lại lời nhắn, chúng tôi sẽ liên hệ lại qua email hoặc điện thoại.',
  closedIntro: 'Chúng tôi đang ngoài giờ làm việc. Hãy để lại lời nhắn, chúng tôi sẽ liên hệ lại qua email hoặc điện thoại khi mở cửa.',
  offlineName: 'Họ tên',
  offlineEmail: 'Email',
  offlineText: 'Lời nhắn',
  offlineSend: 'Gửi lời nhắn',
  offlineBadEmail: 'Vui lòng nhập địa chỉ email hợp lệ, ví dụ ten@example.com.',
  offlineNoText: 'Vui lòng nhập lời nhắn.',
  offlineThanks: 'Cảm ơn bạn! Chúng tôi đã nhận được lời nhắn.',
  offlinePhone: 'Số điện thoại',
  offlineContact: 'Chỉ cần email hoặc số điện thoại.',
  offlineCallback: 'Hãy gọi lại cho tôi',
  offlineBadPhone: 'Vui lòng nhập số điện thoại, ví dụ 0912 345 678 hoặc +84 912 345 678.',
  offlineNoContact: 'Vui lòng để lại email hoặc số điện thoại.',
  offlineNeedPhone: 'Vui lòng nhập số điện thoại để chúng tôi gọi lại.',
  prechatIntro: 'Trước khi bắt đầu, cho chúng tôi biết cách liên hệ với bạn.',
  prechatStart: 'Bắt đầu trò chuyện',
  prechatRequired: 'Vui lòng điền các ô có dấu *.',
  prechatConsent: 'Vui lòng đánh dấu vào ô để tiếp tục.',
  closed: 'Chúng tôi đang nghỉ — hãy để lại lời nhắn',
  backAt: (when) => `Quay lại lúc ${when}`,
  today: 'hôm nay',
  tomorrow: 'ngày mai',
  endChat: 'Kết thúc',
  ended: 'Cuộc trò chuyện đã kết thúc',
  rateQ: 'Bạn thấy cuộc trò chuyện thế nào?',
  rateLabels: ['Rất tệ', 'Tệ', 'Bình thường', 'Tốt', 'Rất tốt'],
  rateComment: 'Góp ý (không bắt buộc)',
  rateSend: 'Gửi đánh giá',
  rateThanks: 'Cảm ơn bạn đã đánh giá!',
  ratePick: 'Vui lòng chọn mức đánh giá từ 1 đến 5.',
  emailMe: 'Gửi cuộc trò chuyện này qua email',
  emailSent: (e) => `Chúng tôi sẽ gửi cuộc trò chuyện này tới ${e}.`,
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

/**
 * When the site opens again, in the visitor's own time zone and locale: "8:00 AM Monday" (en),
 * "08:00 thứ Hai" (vi); "today"/"tomorrow" when it is, a date when it is a week or more away.
 */
export function formatOpening(iso: string, locale: Locale, now = Date.now()): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return '';
  const tag = LOCALE_TAGS[locale];
  const s = TABLE[locale];
  const time = d.toLocaleTimeString(tag, { hour: locale === 'vi' ? '2-digit' : 'numeric', minute: '2-digit' });
  const dayOf = (t: number) => Math.floor((t - new Date(t).getTimezoneOffset() * 60_000) / 86_400_000);
  const days = dayOf(d.getTime()) - dayOf(now);
  const day =
    days <= 0 ? s.today : days === 1 ? s.tomorrow : d.toLocaleDateString(tag, days < 7 ? { weekday: 'long' } : { weekday: 'long', day: 'numeric', month: 'long' });
  // Vietnamese weekdays are lower case inside a sentence ("thứ Hai"); Intl capitalises them.
  return `${time} ${locale === 'vi' ? day.charAt(0).toLowerCase() + day.slice(1) : day}`;
}
