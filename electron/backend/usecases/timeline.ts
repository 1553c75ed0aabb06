/** Records step events: on the phone's timeline, in its flow state, and out to listeners. */
import type { NewStepEvent, StepEvent } from '../../../shared/flow/steps';
import { AppError } from '../errors';
import type { Context } from '../context';
import { requireMac } from './phones';

export function recordStep(ctx: Context, input: NewStepEvent): StepEvent {
  const event: StepEvent = { ...input, seq: ctx.store.nextEventSeq(), at: input.at ?? new Date().toISOString() };
  ctx.store.record({ op: 'appendEvent', event });
  ctx.applyEvent(event);
  ctx.bus.publish({ type: 'step', event });
  return event;
}

export function timelineOf(ctx: Context, macText: string): StepEvent[] {
  const mac = requireMac(macText);
  if (!ctx.store.state.phones.has(mac) && !ctx.store.state.timelines.has(mac)) {
    throw AppError.notFound(`Phone ${macText}`);
  }
  return ctx.store.state.timelines.get(mac) ?? [];
}
