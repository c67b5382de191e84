// What a story needs from a browser, whatever drives it: profiles (one visitor's storage), tabs in
// them, clicks and keys as a visitor makes them, and script run in the page to read what it shows.
// Each engine's driver (chromium.ts, firefox.ts, webkit.ts) implements this once; stories are written
// against it once and run in every engine.

/** A page element: a part of the widget (`data-parley`, inside its shadow root) or of the page (CSS). */
export type Target = { part: string } | { css: string };

/** A function run in the page; it must not close over anything of the test's. */
export type InPage<A extends unknown[], R> = (...args: A) => R | Promise<R>;

/** One tab of a profile. */
export interface Tab {
  goto(url: string): Promise<void>;
  /** Reloads as the visitor's reload button does. */
  reload(): Promise<void>;
  /** The browser's back button. */
  back(): Promise<void>;
  url(): Promise<string>;
  /** Clicks the element as a pointer would (the first one, waiting for it to show). */
  click(target: Target): Promise<void>;
  /** Types `text` into a field after clearing it, then presses Enter when `enter`. */
  type(target: Target, text: string, enter?: boolean): Promise<void>;
  /** Whether the element exists and is shown. */
  visible(target: Target): Promise<boolean>;
  /** Runs `fn` in the page with JSON-able arguments and returns its JSON-able result. */
  run<A extends unknown[], R>(fn: InPage<A, R>, ...args: A): Promise<R>;
  close(): Promise<void>;
}

/** One browser profile: tabs in it share storage, as one visitor's tabs do. */
export interface Profile {
  tab(url: string): Promise<Tab>;
  close(): Promise<void>;
}

/** A started browser. */
export interface Browser {
  /** A fresh profile: nothing stored. WebKit's driver allows one at a time. */
  profile(): Promise<Profile>;
  /** What it is, as a person reads it ("Firefox 153.8.0esr"). */
  readonly version: string;
  close(): Promise<void>;
}

/** An engine a visitor may use, and how to start it here. */
export interface Engine {
  readonly name: 'chromium' | 'firefox' | 'webkit';
  launch(): Promise<Browser>;
}

/** The selector of a target in the light DOM, or of a part for drivers that pierce shadow roots. */
export function css(target: Target): string {
  return 'part' in target ? `[data-parley="${target.part}"]` : target.css;
}

/** The source of a call of `fn` with `args`, for drivers that evaluate a string. */
export function call(fn: (...a: any[]) => unknown, args: unknown[]): string {
  return `(${String(fn)})(...${JSON.stringify(args)})`;
}
