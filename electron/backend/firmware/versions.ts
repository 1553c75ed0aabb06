/**
 * Who runs what: every provisioning or RPS request carries the phone's User-Agent, which names its
 * firmware version (shared/discovery/userAgent.ts). When it differs from the version on record, the
 * phone's record follows and its timeline says "from X to Y". Watches the step events, so the
 * request pipeline needs no change; a phone sending the same User-Agent again costs one string
 * comparison.
 */
import type { Context } from '../context';
import { factsFromAgent } from '../usecases/callers';
import { savePhone } from '../usecases/phones';
import { recordStep } from '../usecases/timeline';

const LAST_AGENTS_LIMIT = 50_000;

export function watchFirmwareVersions(ctx: Context): () => void {
  const lastAgent = new Map<string, string>();
  /** The version each phone last told, in this run (the RPS also writes it to the record). */
  const told = new Map<string, string>();
  return ctx.bus.subscribe((event) => {
    if (event.type !== 'step') return;
    const { mac, userAgent, step } = event.event;
    if (!userAgent || lastAgent.get(mac) === userAgent) return;
    if (lastAgent.size > LAST_AGENTS_LIMIT) {
      lastAgent.clear();
      told.clear();
    }
    lastAgent.set(mac, userAgent);
    const version = factsFromAgent(userAgent).firmware ?? '';
    const phone = ctx.store.state.phones.get(mac);
    if (!phone || version === '') return;
    const before = told.get(mac) ?? phone.firmware;
    told.set(mac, version);
    if (version === before && version === phone.firmware) return;
    // Not inside the publish that told us: the event being recorded finishes first.
    setImmediate(() => {
      const current = ctx.store.state.phones.get(mac);
      if (!current) return;
      if (current.firmware !== version) {
        const next = { ...current, firmware: version, updatedAt: new Date().toISOString(), revision: current.revision + 1 };
        savePhone(ctx, next, current).catch((error: Error) => ctx.log.warn('firmware version not saved', { mac, error: error.message }));
      }
      if (before !== '' && before !== version) {
        recordStep(ctx, {
          mac,
          step: step === 7 ? 7 : 3,
          outcome: 'info',
          ip: event.event.ip,
          userAgent,
          reason: `Firmware changed from ${before} to ${version}.`,
          detail: { firmware: 'changed', from: before, to: version },
        });
      }
    });
  });
}
