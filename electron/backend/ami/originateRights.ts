/**
 * Whether the AMI user may ring phones: `ListCommands` lists only the actions the user's write
 * permissions allow, so Originate is in it exactly when the user has `write = originate` (or
 * `all`). The desk-check dialplan context is looked up with ShowDialPlan when the user may read it.
 */
import { field, type AmiBlock } from '../../../shared/ami/message';
import { DESK_CHECK_CONTEXT } from '../../../shared/pbx/deskCheckDialplan';
import type { RingRights } from '../../../shared/pbx/views';
import type { AmiClient } from './amiClient';

function hasKey(block: AmiBlock, key: string): boolean {
  return block.fields.some(([name]) => name.toLowerCase() === key.toLowerCase());
}

export async function ringRights(client: AmiClient, user: string): Promise<RingRights> {
  let commands: AmiBlock;
  try {
    commands = await client.action('ListCommands', {}, 5000);
  } catch (error) {
    return { allowed: false, message: `Could not list the AMI user's actions (${(error as Error).message})` };
  }
  if (!hasKey(commands, 'Originate')) {
    return {
      allowed: false,
      message: `The AMI user "${user}" may not originate calls, so phones cannot be rung at their desks`,
      hint: `Add "originate" to "write =" and "call" to "read =" in [${user}] of manager.conf, then "manager reload".`,
    };
  }
  let context: boolean | undefined;
  try {
    const events = await client.actionList(
      'ShowDialPlan',
      { Context: DESK_CHECK_CONTEXT },
      { timeoutMs: 5000, emptyOn: /not found|did not find/i },
    );
    context = events.some((e) => field(e, 'Context') === DESK_CHECK_CONTEXT);
  } catch {
    context = undefined; // No read = config/reporting: cannot tell.
  }
  if (context === false) {
    return {
      allowed: true,
      contextFound: false,
      message: `The AMI user "${user}" may ring phones, but the PBX has no [${DESK_CHECK_CONTEXT}] context yet`,
      hint: 'Paste the desk-check dialplan from the PJSIP export into extensions.conf, then "dialplan reload".',
    };
  }
  return {
    allowed: true,
    ...(context !== undefined ? { contextFound: context } : {}),
    message: `The AMI user "${user}" may ring phones (originate)`,
  };
}
