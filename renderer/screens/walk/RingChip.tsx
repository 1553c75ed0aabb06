/** A phone's last ring in words, with Asterisk's cause when it did not get answered. */
import { RING_WORDS, useRings } from './ringStore';

const TONE: Record<string, string> = {
  starting: 'busy',
  ringing: 'busy',
  answered: 'good',
  'no-answer': 'bad',
  busy: 'bad',
  failed: 'bad',
};

export function RingChip({ mac }: { mac: string }) {
  const ring = useRings((s) => s.byMac[mac]);
  if (!ring) return null;
  return (
    <span className={`chip chip-${TONE[ring.state] ?? 'idle'}`} data-testid="ring-state" data-state={ring.state} title={ring.cause}>
      {RING_WORDS[ring.state]}
      {ring.cause && ring.state !== 'answered' ? <span className="ring-cause">: {ring.cause}</span> : null}
    </span>
  );
}
