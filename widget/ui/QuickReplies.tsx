// Quick replies (DESIGN §10): an agent message's buttons, live while it is the newest message. Once
// one is used they stay in place, disabled, the chosen one marked, so the conversation reads back.
import type { ChatMessage } from '../core/conversation.js';

/** The buttons of one agent message; `live`: it is the newest message and none was used. */
export function QuickReplies(p: { m: ChatMessage; live: boolean; onReply: (messageId: string, actionId: string) => void }) {
  const m = p.m;
  const used = m.replyTo?.actionId;
  return (
    <div class="qr" data-parley="quick-replies">
      {m.actions!.map((a) => (
        <button
          key={a.id}
          type="button"
          class={`qrb${a.id === used ? ' on' : ''}`}
          data-parley="quick-reply"
          disabled={!p.live}
          aria-pressed={used === undefined ? undefined : a.id === used ? 'true' : 'false'}
          onClick={() => p.onReply(m.id, a.id)}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}
