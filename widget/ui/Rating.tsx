// Where a conversation ended: a divider, and under the newest one, when the site asks, a 5-point rating
// with an optional comment. The scale is a native radio group in a fieldset, so the arrow keys move
// along it and a screen reader announces "3 – Okay, 3 of 5" with the question as the group's name.
import { useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../core/conversation.js';
import type { Strings } from '../i18n.js';

interface Props {
  m: ChatMessage;
  s: Strings;
  /** Only the newest divider asks for a rating. */
  ask: boolean;
  comment: boolean;
  onRate: (endId: string, score: number, comment?: string) => string | null;
}

/** The end divider and its rating. */
export function Ended(p: Props) {
  const m = p.m;
  const s = p.s;
  const end = m.end!;
  return (
    <div class="end" data-parley="ended" data-id={m.id} data-by={end.by}>
      <span>{s.ended}</span>
      {end.rated ? (
        end.askRating && (
          <p role="status" data-parley="rated">
            {s.rateThanks}
          </p>
        )
      ) : (
        end.askRating && p.ask && <RateForm {...p} />
      )}
    </div>
  );
}

function RateForm(p: Props) {
  const s = p.s;
  const score = useState(0);
  const error = useState(false);
  const comment = useRef<HTMLTextAreaElement>(null);
  const name = `parley-rate-${p.m.id}`;
  return (
    <form
      class="rf"
      data-parley="rating"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!score[0]) return error[1](true);
        p.onRate(p.m.id, score[0], comment.current?.value);
      }}
    >
      <fieldset class="rate" aria-describedby={error[0] ? `${name}-err` : undefined}>
        <legend>{s.rateQ}</legend>
        <div class="stars">
          {s.rateLabels.map((label, i) => (
            <label class={i < score[0] ? 'on' : ''} title={label}>
              <input
                type="radio"
                name={name}
                value={i + 1}
                checked={score[0] === i + 1}
                data-parley="rate"
                onChange={() => (score[1](i + 1), error[1](false))}
              />
              <span aria-hidden="true">★</span>
              <span class="sr">{`${i + 1} – ${label}`}</span>
            </label>
          ))}
        </div>
        {p.comment && (
          <label class="sr-l">
            <span class="sr">{s.rateComment}</span>
            <textarea ref={comment} rows={2} placeholder={s.rateComment} data-parley="rate-comment" />
          </label>
        )}
      </fieldset>
      {error[0] && (
        <p class="err" id={`${name}-err`} role="alert">
          {s.ratePick}
        </p>
      )}
      <button type="submit" class="send" data-parley="rate-send">
        {s.rateSend}
      </button>
    </form>
  );
}
