/**
 * Every change to the store is one of these operations. The journal records them; `applyOp`
 * replays them on load exactly as they were applied live.
 */
import { z } from 'zod';
import { accountSchema } from '../../../shared/domain/account';
import { deviceSchema } from '../../../shared/domain/inventory';
import { phoneSchema } from '../../../shared/domain/phone';
import { redirectRuleSchema } from '../../../shared/domain/redirect';
import { settingsSchema } from '../../../shared/domain/settings';
import { keyTemplateSchema } from '../../../shared/domain/template';
import { stepEventSchema, TIMELINE_LIMIT } from '../../../shared/flow/steps';
import type { State } from './state';

export const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('putPhone'), phone: phoneSchema }),
  z.object({ op: z.literal('deletePhone'), mac: z.string() }),
  z.object({ op: z.literal('putAccount'), account: accountSchema }),
  z.object({ op: z.literal('deleteAccount'), id: z.string() }),
  z.object({ op: z.literal('setRules'), rules: z.array(redirectRuleSchema) }),
  z.object({ op: z.literal('setSettings'), settings: settingsSchema }),
  z.object({ op: z.literal('putDevice'), device: deviceSchema }),
  z.object({ op: z.literal('appendEvent'), event: stepEventSchema }),
  z.object({ op: z.literal('putTemplate'), template: keyTemplateSchema }),
  z.object({ op: z.literal('deleteTemplate'), id: z.string() }),
]);
export type Op = z.infer<typeof opSchema>;

export function applyOp(state: State, op: Op): void {
  switch (op.op) {
    case 'putPhone':
      state.phones.set(op.phone.mac, op.phone);
      return;
    case 'deletePhone':
      state.phones.delete(op.mac);
      return;
    case 'putAccount':
      state.accounts.set(op.account.id, op.account);
      return;
    case 'deleteAccount':
      state.accounts.delete(op.id);
      return;
    case 'setRules':
      state.rules = op.rules;
      return;
    case 'setSettings':
      state.settings = op.settings;
      return;
    case 'putDevice':
      state.devices.set(op.device.mac, op.device);
      return;
    case 'putTemplate':
      state.templates.set(op.template.id, op.template);
      return;
    case 'deleteTemplate':
      state.templates.delete(op.id);
      return;
    case 'appendEvent': {
      const list = state.timelines.get(op.event.mac) ?? [];
      list.push(op.event);
      if (list.length > TIMELINE_LIMIT) list.splice(0, list.length - TIMELINE_LIMIT);
      state.timelines.set(op.event.mac, list);
      state.eventSeq = Math.max(state.eventSeq, op.event.seq);
      return;
    }
  }
}

function restoreEntry<K, V>(map: Map<K, V>, key: K, previous: V | undefined): () => void {
  return () => {
    if (previous === undefined) map.delete(key);
    else map.set(key, previous);
  };
}

/**
 * What takes `op` back out of `state`, computed just before it is applied. Undos run newest
 * first (the journal undoes a batch that did not reach the disk), so each sees the state its op left.
 */
export function undoOf(state: State, op: Op): () => void {
  switch (op.op) {
    case 'putPhone':
      return restoreEntry(state.phones, op.phone.mac, state.phones.get(op.phone.mac));
    case 'deletePhone':
      return restoreEntry(state.phones, op.mac, state.phones.get(op.mac));
    case 'putAccount':
      return restoreEntry(state.accounts, op.account.id, state.accounts.get(op.account.id));
    case 'deleteAccount':
      return restoreEntry(state.accounts, op.id, state.accounts.get(op.id));
    case 'putDevice':
      return restoreEntry(state.devices, op.device.mac, state.devices.get(op.device.mac));
    case 'putTemplate':
      return restoreEntry(state.templates, op.template.id, state.templates.get(op.template.id));
    case 'deleteTemplate':
      return restoreEntry(state.templates, op.id, state.templates.get(op.id));
    case 'setRules': {
      const previous = state.rules;
      return () => {
        state.rules = previous;
      };
    }
    case 'setSettings': {
      const previous = state.settings;
      return () => {
        state.settings = previous;
      };
    }
    case 'appendEvent': {
      const mac = op.event.mac;
      const list = state.timelines.get(mac);
      const dropped = list && list.length >= TIMELINE_LIMIT ? list[0] : undefined;
      return () => {
        const now = state.timelines.get(mac);
        if (!now) return;
        now.pop();
        if (dropped) now.unshift(dropped);
        if (!list) state.timelines.delete(mac);
      };
    }
  }
}
