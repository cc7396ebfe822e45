/**
 * A short two-tone alert for an emergency or urgent conversation, made with Web Audio (no sound
 * file to ship or fail to load). Browsers may refuse sound until the page has been used; the
 * banner is the alert that always shows, the sound only helps someone looking elsewhere.
 */
let context: AudioContext | undefined;

export function playAlertBeep(): void {
  try {
    context ??= new AudioContext();
    void context.resume();
    const start = context.currentTime + 0.01;
    for (const [offset, frequency] of [
      [0, 880],
      [0.22, 1175],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      // A soft attack and release: no click, and not startling at a shared front desk.
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.2);
    }
  } catch {
    // No audio device, or audio is blocked: the banner still says it.
  }
}
