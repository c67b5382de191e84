// Styles of the conversation's end (divider, rating, actions) and the availability line, in a sheet of
// their own beside styles.ts; colours only through the theme's custom properties (theme.ts), so dark
// mode and contrast follow the theme.
export const ENDING_CSS = `
.rt{display:block;opacity:.9}
.end{display:flex;flex-direction:column;align-items:center;gap:8px;margin:6px 0;font-size:12px;color:var(--mu)}
.end>span{display:flex;align-items:center;gap:8px;width:100%}
.end>span:before,.end>span:after{content:"";flex:1;border-top:1px solid var(--ln)}
.rate{border:1px solid var(--ln);border-radius:10px;padding:8px 10px;margin:0;width:100%;display:flex;flex-direction:column;gap:6px;color:var(--fg)}
.rf{width:100%;display:flex;flex-direction:column;gap:6px}
.rate .sr-l{display:block}
.rate textarea{width:100%;box-sizing:border-box}
.rate legend{padding:0 4px;font-size:13px}
.stars{display:flex;justify-content:center;gap:2px}
.stars label{cursor:pointer;font-size:24px;line-height:1;color:var(--mu);width:44px;height:44px;display:grid;place-items:center;border-radius:6px}
.stars input{position:absolute;opacity:0;width:1px;height:1px}
.stars label.on{color:var(--c)}
.stars input:focus-visible+span{outline:2px solid var(--fo);outline-offset:2px}
.rate textarea,.acts input{border:1px solid var(--fl);border-radius:8px;padding:6px 8px;font:inherit;color:inherit;background:var(--bg);resize:none}
.rf .send,.acts .send{align-self:flex-end}
.acts{display:flex;flex-wrap:wrap;gap:6px;padding:4px 10px;border-top:1px solid var(--ln);font-size:12px;align-items:center}
.acts button.lk{background:none;border:0;padding:4px 2px;color:var(--fg);text-decoration:underline;cursor:pointer;font:inherit}
.acts form{display:flex;gap:6px;width:100%}
.acts input{flex:1;min-width:0}
.acts p{margin:0;color:var(--mu)}
.offline .cb{flex-direction:row;align-items:center;gap:6px;color:var(--fg)}
`;
