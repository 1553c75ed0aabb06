/**
 * The last stage: everything a request led to, written once from its outcome. The stages before
 * decide and note facts here, in the order they happened; `record` writes them to the timeline,
 * the inventory, the audit log and the lock-out buckets, and saves what the phone told about itself.
 */
import type { Sighting, SightingSource } from '../../../shared/domain/inventory';
import type { Phone } from '../../../shared/domain/phone';
import type { NewStepEvent } from '../../../shared/flow/steps';
import type { AuditEntry, AuditReason } from '../../../shared/security/audit';
import type { Context } from '../context';
import { noteCallerLater } from '../usecases/callers';
import type { Caller } from '../caller';
import { recordSighting } from '../usecases/inventory';
import { savePhone } from '../usecases/phones';
import { audit, credentialFailure } from '../usecases/security';
import { recordStep } from '../usecases/timeline';
import type { ResponseHeaders } from './request';

export type AuditFact = Omit<AuditEntry, 'at' | 'ip' | 'userAgent' | 'tls'>;
export interface FailureFact {
  kind: AuditEntry['kind'];
  mac?: string;
  what: string;
  status: number;
  reason: AuditReason;
}

export type Fact =
  | { kind: 'step'; event: NewStepEvent }
  | { kind: 'sighting'; sighting: Sighting; atMs?: number }
  /** An audit entry, served or refused, that does not count against the address. */
  | { kind: 'audit'; entry: AuditFact }
  /** A failed attempt at a credential: audited and counted against the address (lock-out). */
  | { kind: 'failure'; entry: FailureFact }
  /** The phone told something new about itself (serial, model, address): saved before the answer. */
  | { kind: 'learn'; phone: Phone; previous: Phone }
  /** No MAC the app can use: discovery learns who called from its User-Agent or the neighbour table. */
  | { kind: 'noteCaller'; source: SightingSource }
  | { kind: 'warn'; message: string; fields: Record<string, unknown> };

/** What one request led to: the facts to record and the headers its answer carries. */
export class Outcome {
  readonly facts: Fact[] = [];
  headers: ResponseHeaders = {};

  step(event: NewStepEvent): void {
    this.facts.push({ kind: 'step', event });
  }
  sighting(sighting: Sighting, atMs?: number): void {
    this.facts.push({ kind: 'sighting', sighting, ...(atMs !== undefined ? { atMs } : {}) });
  }
  audit(entry: AuditFact): void {
    this.facts.push({ kind: 'audit', entry });
  }
  failure(entry: FailureFact): void {
    this.facts.push({ kind: 'failure', entry });
  }
  learn(phone: Phone, previous: Phone): void {
    this.facts.push({ kind: 'learn', phone, previous });
  }
  noteCaller(source: SightingSource): void {
    this.facts.push({ kind: 'noteCaller', source });
  }
  warn(message: string, fields: Record<string, unknown>): void {
    this.facts.push({ kind: 'warn', message, fields });
  }
}

/** Writes the facts in order; returns a promise only when a save must reach the disk before the answer. */
export function record(ctx: Context, caller: Caller, facts: readonly Fact[], from = 0): void | Promise<void> {
  for (let i = from; i < facts.length; i++) {
    const fact = facts[i] as Fact;
    switch (fact.kind) {
      case 'step':
        recordStep(ctx, fact.event);
        break;
      case 'sighting':
        recordSighting(ctx, fact.sighting, fact.atMs);
        break;
      case 'audit':
        audit(ctx, caller, fact.entry);
        break;
      case 'failure':
        credentialFailure(ctx, caller, fact.entry);
        break;
      case 'noteCaller':
        noteCallerLater(ctx, caller, fact.source);
        break;
      case 'warn':
        ctx.log.warn(fact.message, fact.fields);
        break;
      case 'learn':
        return savePhone(ctx, fact.phone, fact.previous).then(() => record(ctx, caller, facts, i + 1));
    }
  }
}
