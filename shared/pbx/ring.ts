/**
 * Ringing a phone at its desk and calling between two phones, pure: what the API takes and gives,
 * and how Asterisk's AMI events for one originated call fold into what the technician sees
 * (ringing, answered, no answer, busy, failed, with Asterisk's own cause in words).
 */
import { z } from 'zod';
import { field, type AmiBlock } from '../ami/message';

export const RING_STATES = ['ringing', 'answered', 'no-answer', 'busy', 'failed'] as const;
export type RingState = (typeof RING_STATES)[number];
/** States after which nothing more happens to a ring. */
export const FINAL_RING_STATES: ReadonlySet<RingState> = new Set(['answered', 'no-answer', 'busy', 'failed']);

export const RING_TIMEOUT_DEFAULT = 30;

export const ringInputSchema = z
  .object({
    /** How long the phone rings before the app gives up (seconds). */
    timeoutSeconds: z.number().int().min(5, 'ring for at least 5 s').max(120, 'ring for at most 120 s').default(RING_TIMEOUT_DEFAULT),
  })
  .strict();

export const ringStartedSchema = z.object({ callId: z.string() });
export type RingStarted = z.infer<typeof ringStartedSchema>;

export const ringEventSchema = z.object({
  type: z.literal('ring'),
  mac: z.string(),
  callId: z.string(),
  state: z.enum(RING_STATES),
  /** Asterisk's own cause, in words ("User busy"), when the ring did not get answered. */
  cause: z.string().optional(),
});
export type RingEvent = z.infer<typeof ringEventSchema>;

export const DESK_OUTCOMES = ['confirmed', 'wrong-desk'] as const;
export type DeskOutcome = (typeof DESK_OUTCOMES)[number];

export const deskCheckInputSchema = z
  .object({
    outcome: z.enum(DESK_OUTCOMES),
    note: z.string().max(500, 'a note of at most 500 characters').optional(),
  })
  .strict()
  .refine((v) => !/[\0]/.test(v.note ?? ''), { message: 'the note holds a NUL character', path: ['note'] });

/** What the phone keeps of its last desk check (and the report shows). */
export const deskCheckSchema = z.object({
  outcome: z.enum(DESK_OUTCOMES),
  at: z.string(),
  note: z.string().optional(),
  /** The last ring's state when the technician confirmed (e.g. `answered`). */
  ring: z.enum(RING_STATES).optional(),
});
export type DeskCheck = z.infer<typeof deskCheckSchema>;

export const TEST_CALL_STATES = ['calling', 'established', 'ended', 'failed'] as const;
export type TestCallState = (typeof TEST_CALL_STATES)[number];

export const testCallInputSchema = z
  .object({
    /** The phone that is called (B); the phone in the path (A) is rung first and places the call. */
    toMac: z.string().min(1),
    /** How long the call stays up once both phones answered (seconds). */
    holdSeconds: z.number().int().min(1).max(60).default(5),
    timeoutSeconds: z.number().int().min(5).max(120).default(RING_TIMEOUT_DEFAULT),
  })
  .strict();

export const testCallEventSchema = z.object({
  type: z.literal('test-call'),
  callId: z.string(),
  fromMac: z.string(),
  toMac: z.string(),
  state: z.enum(TEST_CALL_STATES),
  /** Seconds both channels were up, once the call ended. */
  durationSeconds: z.number().optional(),
  cause: z.string().optional(),
});
export type TestCallEvent = z.infer<typeof testCallEventSchema>;

// ---- folding AMI events -------------------------------------------------------------------

/** Q.850 cause codes Asterisk reports in Hangup events, in words, for when Cause-txt is missing. */
const CAUSE_WORDS: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  27: 'Destination out of order',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  42: 'Switching equipment congestion',
  58: 'Bearer capability not available',
  66: 'Channel not implemented',
  127: 'Interworking, unspecified',
};

export function causeWords(code: number | undefined, text?: string): string | undefined {
  if (text && text.trim() !== '' && text !== '<unknown>') return text.trim();
  if (code === undefined || !Number.isInteger(code)) return undefined;
  return CAUSE_WORDS[code] ?? `Cause ${code}`;
}

/** OriginateResponse `Reason`: the AST_CONTROL_* frame that ended the dialling. */
const ORIGINATE_REASON: Record<number, { state: RingState; words: string }> = {
  0: { state: 'failed', words: 'The call could not be placed' },
  1: { state: 'failed', words: 'Hung up before answering' },
  3: { state: 'no-answer', words: 'Rang, no answer' },
  4: { state: 'answered', words: 'Answered' },
  5: { state: 'busy', words: 'User busy' },
  8: { state: 'failed', words: 'Congestion' },
};

/** What one call's events have said so far. */
export interface CallTrack {
  state: RingState | 'dialling';
  cause?: string;
  causeCode?: number;
  /** Set once the outcome is known. */
  done: boolean;
  /** Asterisk created the channel (Newchannel): a failed Originate is then followed by its Hangup. */
  channel?: boolean;
  /** The Originate failed and the channel's Hangup (with the cause) is awaited. */
  originate?: { state: RingState; words: string };
}

export const INITIAL_TRACK: CallTrack = { state: 'dialling', done: false };

function stateFromCause(code: number | undefined): RingState {
  if (code === 17) return 'busy';
  if (code === 18 || code === 19) return 'no-answer';
  return 'failed';
}

/**
 * Folds one AMI event that belongs to the call (Newstate, Hangup, OriginateResponse) into its
 * track. Ringing and answered come from the channel's state (Newstate 5, 6); how an unanswered
 * call ended comes from OriginateResponse's Reason, with the Hangup's cause as the words.
 */
export function foldCallEvent(track: CallTrack, event: AmiBlock): CallTrack {
  if (track.done) return track;
  const name = field(event, 'Event');
  if (name === 'Newstate' || name === 'Newchannel') {
    const channelState = Number(field(event, 'ChannelState'));
    const seen = { ...track, channel: true };
    if (channelState === 6) return { ...seen, state: 'answered', done: true };
    if (channelState === 5 && track.state === 'dialling') return { ...seen, state: 'ringing' };
    return seen;
  }
  if (name === 'Hangup') {
    const code = Number(field(event, 'Cause'));
    const words = causeWords(Number.isInteger(code) ? code : undefined, field(event, 'Cause-txt'));
    const next: CallTrack = { ...track, ...(words ? { cause: words } : {}), ...(Number.isInteger(code) ? { causeCode: code } : {}) };
    return track.originate ? settleFailure(next, track.originate) : next;
  }
  if (name === 'OriginateResponse') {
    const ok = field(event, 'Response')?.toLowerCase() === 'success';
    if (ok) return { ...track, state: 'answered', done: true };
    const reason = Number(field(event, 'Reason'));
    const known = ORIGINATE_REASON[reason];
    const originate = {
      state: known?.state === 'answered' ? 'failed' : (known?.state ?? 'failed'),
      words: known?.words ?? `Originate failed (reason ${field(event, 'Reason') ?? '?'})`,
    } satisfies CallTrack['originate'];
    // Asterisk reports the Originate's failure before the channel's Hangup, which has the cause
    // (busy, no answer): wait for it when there is a channel and it has not come yet.
    if (track.channel && track.causeCode === undefined && originate.state === 'failed') return { ...track, originate };
    return settleFailure(track, originate);
  }
  return track;
}

function settleFailure(track: CallTrack, originate: NonNullable<CallTrack['originate']>): CallTrack {
  let state = originate.state;
  // A hang-up with a telling cause (busy, no answer) says more than the generic reason.
  if (state === 'failed' && track.causeCode !== undefined) state = stateFromCause(track.causeCode);
  // Asterisk's cause when it tells this outcome (busy, no answer, absent); the reason's words otherwise.
  const telling = track.causeCode !== undefined && track.causeCode !== 0 && track.causeCode !== 16 && track.causeCode !== 31;
  const cause = (telling ? track.cause : undefined) ?? originate.words;
  return { state, cause, done: true, ...(track.channel ? { channel: true } : {}) };
}

/** True when `event` is about the channel `uniqueId` (our ChannelId) or answers our Originate `actionId`. */
export function eventIsFor(event: AmiBlock, uniqueId: string, actionId?: string): boolean {
  const name = field(event, 'Event');
  if (name === 'OriginateResponse') return field(event, 'ActionID') === actionId || field(event, 'Uniqueid') === uniqueId;
  return field(event, 'Uniqueid') === uniqueId;
}
