/** How a test call between two phones is going: calling, established (both up), ended with its duration, or failed. */
import { useEffect, useState } from 'react';
import { testCallEventSchema, type TestCallEvent } from '../../../shared/pbx/ring';
import { onServerEvent } from '../../stores/sync';

const WORDS: Record<TestCallEvent['state'], string> = {
  calling: 'Calling: ringing the first phone…',
  established: 'Established: both phones are up',
  ended: 'Ended',
  failed: 'Failed',
};

export function TestCallStatus({ callId }: { callId: string }) {
  const [event, setEvent] = useState<TestCallEvent | undefined>();
  useEffect(
    () =>
      onServerEvent((raw) => {
        if (raw.type !== 'test-call') return;
        const parsed = testCallEventSchema.safeParse(raw);
        if (parsed.success && parsed.data.callId === callId) setEvent(parsed.data);
      }),
    [callId],
  );
  if (!event) return <span className="muted">Calling…</span>;
  return (
    <span role="status" data-testid="test-call-state" data-state={event.state}>
      {WORDS[event.state]}
      {event.durationSeconds !== undefined ? `: both up for ${event.durationSeconds} s` : ''}
      {event.cause && event.state === 'failed' ? `: ${event.cause}` : ''}
    </span>
  );
}
