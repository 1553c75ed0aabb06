/**
 * Places an AMI `Originate` (async) into the desk-check context and passes every AMI event that
 * could be about it to a watcher until the watcher says it is done, the link drops, or a safety
 * limit passes. The channel gets our own id (ChannelId), so Newstate and Hangup events are matched
 * by Uniqueid; OriginateResponse is matched by the action's ActionID as well.
 */
import { field, type AmiBlock } from '../../../shared/ami/message';
import { DESK_CHECK_CONTEXT } from '../../../shared/pbx/deskCheckDialplan';
import type { AmiClient } from './amiClient';
import { AmiError } from './amiClient';

export interface OriginateSpec {
  /** Our id for the channel (AMI ChannelId); events carry it as Uniqueid. */
  channelId: string;
  endpoint: string;
  callerId: string;
  timeoutSeconds: number;
  exten: string;
  variables: Record<string, string>;
}

export interface CallWatcher {
  /** Returns true once the call needs no more events. `actionId` is undefined until Originate was answered. */
  onEvent(event: AmiBlock, actionId: string | undefined): boolean;
  /** The link dropped or the limit passed before the watcher was done. */
  onLost(reason: string): void;
}

/** Extra time past the ring timeout before a call with no final event is given up on. */
const SAFETY_MS = 15_000;

/**
 * Sends the Originate and watches the call. Rejects (with the AmiError) only when Asterisk refused
 * the action itself; everything after that reaches the watcher.
 */
export async function originateAndWatch(client: AmiClient, spec: OriginateSpec, watcher: CallWatcher, holdMs = 0): Promise<void> {
  let actionId: string | undefined;
  let finished = false;
  const early: AmiBlock[] = [];
  const finish = () => {
    if (finished) return;
    finished = true;
    offEvent();
    offClose();
    clearTimeout(limit);
  };
  const deliver = (event: AmiBlock) => {
    if (!finished && watcher.onEvent(event, actionId)) finish();
  };
  const offEvent = client.onEvent((event) => {
    // OriginateResponse can only be matched by ActionID once the action's answer told us the id.
    if (actionId === undefined && field(event, 'Event') === 'OriginateResponse') early.push(event);
    else deliver(event);
  });
  const offClose = client.onClose((error: AmiError) => {
    if (finished) return;
    finish();
    watcher.onLost(`the link to the PBX dropped (${error.message})`);
  });
  const limit = setTimeout(
    () => {
      if (finished) return;
      finish();
      watcher.onLost('the PBX sent no word on the call: check that the AMI user has "read = call" in manager.conf (it needs call events)');
    },
    spec.timeoutSeconds * 1000 + holdMs + SAFETY_MS,
  );
  limit.unref?.();
  try {
    const response = await client.action('Originate', {
      Channel: `PJSIP/${spec.endpoint}`,
      Context: DESK_CHECK_CONTEXT,
      Exten: spec.exten,
      Priority: '1',
      Timeout: String(spec.timeoutSeconds * 1000),
      CallerID: spec.callerId,
      Async: 'true',
      ChannelId: spec.channelId,
      Variable: Object.entries(spec.variables).map(([k, v]) => `${k}=${v}`),
    });
    actionId = field(response, 'ActionID');
  } catch (error) {
    finish();
    throw error;
  }
  for (const event of early.splice(0)) deliver(event);
}
