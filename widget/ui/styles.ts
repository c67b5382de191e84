// Styles enter the shadow root through constructable stylesheets, so a page whose CSP forbids inline
// styles still works; a <style> element is the fallback for browsers without adoptedStyleSheets.
// Every colour is a custom property set by the theme sheet (theme.ts), replaced when the config arrives:
// the theme colour and what it derives, and the light or dark neutrals.
import { themeCss } from './theme.js';

const CSS = `
:host{all:initial}
*{box-sizing:border-box}
.root{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
.float{position:fixed;bottom:20px;right:20px;z-index:2147483000}
.float.left{right:auto;left:20px}
.bubble{position:relative;width:56px;height:56px;border-radius:50%;border:2px solid var(--lr);background:var(--c);color:var(--on);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.bubble:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible,a:focus-visible,.faq-a:focus-visible{outline:2px solid var(--fo);outline-offset:2px;box-shadow:0 0 0 2px var(--fi)}
.bubble svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#d93025;color:#fff;font-size:12px;line-height:20px;text-align:center}
.panel{display:flex;flex-direction:column;background:var(--bg);border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.25)}
.float .panel{position:absolute;bottom:72px;right:0;width:360px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 120px)}
.float.left .panel{right:auto;left:0}
.inline .panel{width:100%;height:100%;min-height:320px;box-shadow:none;border:1px solid var(--ln)}
.head{display:flex;align-items:center;gap:8px;padding:12px 14px;background:var(--c);color:var(--on)}
.ttl{flex:1}
.head h2{margin:0;font-size:15px;font-weight:600}
.presence{font-size:12px;display:block}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;background:#bbb;margin-right:6px}
.dot.on{background:#3ddc84}
.x{background:none;border:0;color:inherit;font-size:22px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:6px}
.banner{padding:6px 14px;font-size:12px;background:#fff4ce;color:#5c4400}
.banner.refused{background:#fde7e9;color:#8a1020}
.logw{flex:1;min-height:0;position:relative;display:flex;flex-direction:column}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;margin:0;padding:12px;display:flex;flex-direction:column;gap:8px}
.pill{position:absolute;bottom:8px;left:50%;transform:translateX(-50%);background:var(--c);color:var(--on);border:1px solid var(--e);border-radius:16px;padding:6px 14px;font:inherit;font-size:13px;font-weight:600;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.25);white-space:nowrap}
.empty{color:var(--mu);text-align:center;margin:auto 0}
.msg{max-width:85%;display:flex;flex-direction:column}
.msg.visitor{align-self:flex-end;align-items:flex-end}
.msg.agent{align-self:flex-start;align-items:flex-start}
.who{font-size:11px;color:var(--mu);margin:0 4px 2px}
.text{padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.visitor .text{background:var(--c);color:var(--on);border-bottom-right-radius:4px}
.agent .text{background:var(--s2);border-bottom-left-radius:4px}
.visitor .text a{color:inherit}
.agent .text a{color:var(--a)}
.clip{background:none;border:1px solid var(--fl);border-radius:10px;height:38px;width:38px;padding:8px;cursor:pointer;color:inherit}
.clip svg{fill:none;stroke:currentColor;stroke-width:2}
.fnote:empty{display:none}
.up{width:200px;height:6px}
.files{display:flex;flex-direction:column;gap:4px;margin-top:4px}
.img img{display:block;width:200px;height:150px;object-fit:cover;border-radius:10px;background:var(--s2)}
.file{color:var(--a);overflow-wrap:anywhere}
.qr{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.qrb{background:var(--bg);color:var(--a);border:1px solid var(--e);border-radius:16px;padding:5px 12px;font:inherit;font-size:13px;cursor:pointer}
.qrb:disabled{cursor:default;color:var(--mu);border-color:var(--ln)}
.qrb.on{color:var(--on);background:var(--c)}
.meta{font-size:11px;color:var(--mu);margin:2px 4px 0}
.failed .text{background:#fde7e9;color:#8a1020}
.retry{background:none;border:0;color:var(--er);text-decoration:underline;cursor:pointer;font:inherit;padding:0 0 0 4px}
.typing{padding:0 14px 6px;font-size:12px;color:var(--mu);font-style:italic}
.composer{display:flex;flex-wrap:wrap;gap:8px;padding:10px;border-top:1px solid var(--ln);align-items:flex-end}
.notice{flex-basis:100%;margin:0;font-size:11px;color:var(--mu)}
.composer textarea{flex:1;resize:none;border:1px solid var(--fl);border-radius:10px;padding:8px 10px;font:inherit;color:inherit;min-height:38px;max-height:160px;background:var(--bg)}
.send{background:var(--c);color:var(--on);border:1px solid var(--e);border-radius:10px;padding:0 14px;height:38px;font:inherit;font-weight:600;cursor:pointer}
.faq{flex-basis:100%;min-width:0;margin-bottom:-8px}
.sgs{list-style:none;margin:0 0 8px;padding:0;border:1px solid var(--ln);border-radius:10px;overflow:hidden}
.sg{padding:7px 10px;cursor:pointer;overflow-wrap:anywhere}
.sg+.sg{border-top:1px solid var(--ln)}
.sg:hover,.sg.on{background:var(--hi)}
.sg.on{box-shadow:inset 4px 0 var(--e)}
.faq-a{margin:0 0 8px;padding:10px;border:1px solid var(--ln);border-radius:10px;max-height:240px;overflow-y:auto}
.faq-q{margin:0 0 6px;font-size:14px}
.faq-text{margin:0 0 8px;white-space:pre-wrap;overflow-wrap:anywhere}
.faq-more{display:inline-block;margin-bottom:8px;color:var(--a)}
.faq-btns{display:flex;flex-wrap:wrap;gap:6px}
.faq-no{background:none;border:1px solid var(--fl);border-radius:8px;padding:6px 12px;font:inherit;cursor:pointer;color:inherit}
.faq-thanks{margin:0 0 8px;font-size:12px;color:var(--ok)}
.offline{display:flex;flex-direction:column;gap:6px;padding:10px;border-top:1px solid var(--ln);font-size:13px}
.offline p{margin:0}
.offline label{display:flex;flex-direction:column;gap:2px;font-size:12px;color:var(--mu)}
.offline input,.offline textarea{border:1px solid var(--fl);border-radius:8px;padding:6px 8px;font:inherit;color:var(--fg);background:var(--bg);resize:none}
.offline [aria-invalid=true]{border-color:var(--er)}
.reply-time{color:var(--mu);font-size:12px}
.err{color:var(--er);font-size:12px}
.thanks{font-weight:600}
.teaser{position:absolute;bottom:72px;right:0;width:280px;max-width:calc(100vw - 40px);background:var(--bg);border-radius:12px;padding:12px;box-shadow:0 8px 30px rgba(0,0,0,.25)}
.left .teaser{right:auto;left:0}
.t-head{display:flex;align-items:center;gap:8px;margin-bottom:6px}
.av{width:28px;height:28px;border-radius:50%;background:var(--c);color:var(--on);display:flex;align-items:center;justify-content:center;font-weight:600;object-fit:cover;flex:none}
.t-who{flex:1;font-weight:600;font-size:13px}
.t-x{background:none;border:0;font-size:20px;line-height:1;cursor:pointer;padding:2px 6px;border-radius:6px;color:var(--mu)}
.t-text{margin:0 0 10px;white-space:pre-wrap;overflow-wrap:anywhere}
.t-ok{background:var(--c);color:var(--on);border:1px solid var(--e);border-radius:8px;padding:6px 14px;font:inherit;font-weight:600;cursor:pointer}
.send:hover,.t-ok:hover,.bubble:hover,.pill:hover{background:var(--ch)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){.bubble{transition:transform .15s}.bubble:hover{transform:scale(1.06)}.teaser{animation:pz .25s ease-out}}
@keyframes pz{from{opacity:0;transform:translateY(8px)}}
@media (max-width:639px),(max-height:500px){
.float .panel{position:fixed;top:0;left:0;right:auto;bottom:auto;width:100%;height:100%;height:100dvh;max-width:none;max-height:none;border-radius:0;padding:0 env(safe-area-inset-right) 0 env(safe-area-inset-left)}
.float .panel~.bubble{display:none}
.head{padding-top:calc(8px + env(safe-area-inset-top));padding-bottom:8px}
.composer,.offline{padding-bottom:calc(10px + env(safe-area-inset-bottom))}
.composer textarea,.offline input,.offline textarea{font-size:16px}
.composer textarea,.send,.clip,.qrb,.x,.t-x,.t-ok,.faq-no,.pill,.retry{min-height:44px;min-width:44px}
.send{height:44px}
.sg{padding:12px 10px}
.offline input{min-height:44px}
}
@media (max-height:500px){.notice{display:none}.composer{padding-top:6px}}
`;

/** Installs the widget's styles in `root`; returns a function that sets the theme colour and scheme. */
export function installStyles(root: ShadowRoot): (color?: string, scheme?: string) => void {
  const Sheet = (globalThis as { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
  try {
    if (!Sheet || !('adoptedStyleSheets' in root)) throw new Error('no constructable stylesheets');
    const base = new Sheet();
    base.replaceSync(CSS);
    const themeSheet = new Sheet();
    themeSheet.replaceSync(themeCss());
    root.adoptedStyleSheets = [base, themeSheet];
    return (c, m) => themeSheet.replaceSync(themeCss(c, m));
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS + themeCss();
    root.appendChild(style);
    return (c, m) => void (style.textContent = CSS + themeCss(c, m));
  }
}
