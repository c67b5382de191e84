// The bus's fan-out inside one process: every handler of a topic hears each event, one that throws
// does not stop the others, and the topic is forgotten (unsubscribed upstream) only with its last handler.
import { expect, it } from 'vitest';
import type { BusEvent } from '../../relay/bus.js';
import { TopicHandlers } from '../../relay/topic-handlers.js';

const event: BusEvent = { kind: 'presence', agentsOnline: 2 };

it('one handler, then a second and a third on the same topic: all hear it, a throwing one stops nobody', () => {
  const t = new TopicHandlers();
  const heard: string[] = [];
  const a = () => heard.push('a');
  const b = () => {
    throw new Error('broken subscriber');
  };
  const c = () => heard.push('c');
  expect(t.add('v:acme:1', a)).toEqual({ first: true });
  expect(t.deliver('v:acme:1', event)).toBe(1);
  expect(t.add('v:acme:1', b)).toEqual({ first: false });
  expect(t.add('v:acme:1', c)).toEqual({ first: false });
  // The same handler twice is one handler.
  expect(t.add('v:acme:1', a)).toEqual({ first: false });
  heard.length = 0;
  expect(t.deliver('v:acme:1', event)).toBe(3);
  expect(heard).toEqual(['a', 'c']);
  expect(t.deliver('v:acme:other', event)).toBe(0);
});

it('the topic is forgotten only when its last handler goes; removing one it never had changes nothing', () => {
  const t = new TopicHandlers();
  const a = () => {};
  const b = () => {};
  t.add('s:acme', a);
  expect(t.remove('s:acme', b)).toBe(false);
  expect(t.has('s:acme')).toBe(true);
  t.add('s:acme', b);
  expect(t.remove('s:acme', a)).toBe(false);
  expect(t.deliver('s:acme', event)).toBe(1);
  expect(t.remove('s:acme', b)).toBe(true);
  expect(t.has('s:acme')).toBe(false);
  expect(t.remove('s:acme', b)).toBe(false);
  expect([...t.keys()]).toEqual([]);
});

it('a handler that unsubscribes while handling still counts as having received the event', () => {
  const t = new TopicHandlers();
  const heard: string[] = [];
  const a = () => {
    heard.push('a');
    t.remove('v:acme:2', a);
  };
  t.add('v:acme:2', a);
  expect(t.deliver('v:acme:2', event)).toBe(1);
  expect(t.has('v:acme:2')).toBe(false);
  const b = () => heard.push('b');
  const c = () => {
    heard.push('c');
    t.remove('v:acme:3', b);
  };
  t.add('v:acme:3', c);
  t.add('v:acme:3', b);
  expect(t.deliver('v:acme:3', event)).toBe(2);
  expect(heard).toEqual(['a', 'c', 'b']);
});
