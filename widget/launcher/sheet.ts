// Styles for the shell before the UI arrives: constructable stylesheets, so a page whose CSP forbids
// inline styles still works, and a <style> element where those are missing.
// Owns: adding and removing one sheet. Must not: know what the CSS says.

/** A stylesheet in a shadow root whose text can be replaced. */
export interface Sheet {
  set(css: string): void;
  /** Puts the sheet back if something replaced the root's sheets (the UI installs its own). */
  attach(): void;
  remove(): void;
}

/** Adds `css` to `root` as its own sheet. */
export function addSheet(root: ShadowRoot, css: string): Sheet {
  const Ctor = (globalThis as { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
  try {
    if (!Ctor || !('adoptedStyleSheets' in root)) throw new Error('no constructable stylesheets');
    const sheet = new Ctor();
    sheet.replaceSync(css);
    const others = () => root.adoptedStyleSheets.filter((s) => s !== sheet);
    // Assigning the list restyles the root: only when the sheet is not in it already.
    const attach = () => void (root.adoptedStyleSheets.includes(sheet) || (root.adoptedStyleSheets = others().concat(sheet)));
    attach();
    return { set: (c) => sheet.replaceSync(c), attach, remove: () => void (root.adoptedStyleSheets = others()) };
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    const attach = () => void (style.isConnected || root.appendChild(style));
    attach();
    return { set: (c) => void (style.textContent = c), attach, remove: () => style.remove() };
  }
}
