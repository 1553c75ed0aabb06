/**
 * A test call between two phones, pure: A is rung first (Originate), answers, and the dialplan
 * dials B. The call is established when both channels are up (DialEnd ANSWER, or B's channel up);
 * it ends at the first Hangup, and its duration is the time both were up.
 */
import { field, type AmiBlock } from '../ami/message';
import { causeWords, type TestCallState } from './ring';

export interface TestCallTrack {
  state: TestCallState;
  /** B's channel, learnt from DialBegin. */
  bUniqueId?: string;
  aUp: boolean;
  /** Milliseconds (caller's clock) when both channels were up. */
  establishedAt?: number;
  durationSeconds?: number;
  cause?: string;
  done: boolean;
}

export const INITIAL_TEST_CALL: TestCallTrack = { state: 'calling', aUp: false, done: false };

const DIAL_STATUS_WORDS: Record<string, string> = {
  BUSY: 'the called phone is busy',
  NOANSWER: 'the called phone did not answer',
  CHANUNAVAIL: 'the called phone is not reachable (not registered?)',
  CONGESTION: 'congestion',
  CANCEL: 'the calling phone hung up',
};

export function testCallEventIsFor(event: AmiBlock, track: TestCallTrack, aUniqueId: string, actionId?: string): boolean {
  const name = field(event, 'Event');
  if (name === 'OriginateResponse') return field(event, 'ActionID') === actionId || field(event, 'Uniqueid') === aUniqueId;
  const id = field(event, 'Uniqueid');
  return id === aUniqueId || (track.bUniqueId !== undefined && id === track.bUniqueId);
}

/** Folds one event about the call at time `now` (ms). */
export function foldTestCallEvent(track: TestCallTrack, event: AmiBlock, aUniqueId: string, now: number): TestCallTrack {
  if (track.done) return track;
  const name = field(event, 'Event');
  const id = field(event, 'Uniqueid');
  switch (name) {
    case 'Newstate':
      if (Number(field(event, 'ChannelState')) !== 6) return track;
      if (id === aUniqueId) return { ...track, aUp: true };
      if (id === track.bUniqueId && track.aUp && track.state === 'calling') return { ...track, state: 'established', establishedAt: now };
      return track;
    case 'DialBegin':
      if (id !== aUniqueId) return track;
      return { ...track, ...(field(event, 'DestUniqueid') ? { bUniqueId: field(event, 'DestUniqueid') as string } : {}) };
    case 'DialEnd': {
      if (id !== aUniqueId) return track;
      const status = field(event, 'DialStatus') ?? '';
      if (status === 'ANSWER') {
        return track.state === 'established' ? track : { ...track, state: 'established', establishedAt: now };
      }
      return { ...track, state: 'failed', cause: DIAL_STATUS_WORDS[status] ?? `Dial ended: ${status}`, done: true };
    }
    case 'Hangup': {
      const code = Number(field(event, 'Cause'));
      const words = causeWords(Number.isInteger(code) ? code : undefined, field(event, 'Cause-txt'));
      if (track.state === 'established' && track.establishedAt !== undefined) {
        const seconds = Math.round((now - track.establishedAt) / 100) / 10;
        return { ...track, state: 'ended', durationSeconds: seconds, ...(words ? { cause: words } : {}), done: true };
      }
      if (id === aUniqueId && !track.aUp) return { ...track, ...(words ? { cause: `the calling phone: ${words}` } : {}) };
      return { ...track, state: 'failed', cause: words ?? 'hung up before both phones answered', done: true };
    }
    case 'OriginateResponse':
      if (field(event, 'Response')?.toLowerCase() === 'success') return { ...track, aUp: true };
      return { ...track, state: 'failed', cause: track.cause ?? 'the calling phone did not answer', done: true };
    default:
      return track;
  }
}
