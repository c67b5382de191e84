// The new-message sound: a short sine ping made with WebAudio, so no audio file ships.
// Owns: the audio context. Must not: decide when to ping (tabs.ts picks one tab).
let ctx: AudioContext | undefined;

/** Plays a soft 150 ms ping; silent where audio is missing or blocked (no gesture yet). */
export function beep(): void {
  try {
    const w = window as unknown as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext };
    const AC = w.AudioContext || w.webkitAudioContext;
    if (!AC) return;
    const c = (ctx = ctx || new AC());
    if (c.state === 'suspended') void c.resume().catch(() => {});
    const o = c.createOscillator();
    const g = c.createGain();
    const t = c.currentTime;
    o.frequency.value = 880;
    g.gain.setValueAtTime(0.0001, t);
    g.gain.exponentialRampToValueAtTime(0.12, t + 0.01);
    g.gain.exponentialRampToValueAtTime(0.0001, t + 0.15);
    o.connect(g);
    g.connect(c.destination);
    o.start(t);
    o.stop(t + 0.16);
  } catch {
    // Audio is a nicety; a browser that refuses it must not break the chat.
  }
}
