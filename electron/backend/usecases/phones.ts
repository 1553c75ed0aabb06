/** Phones: add, change, assign lines and buttons, remove (undoably), and how the API shows them. */
import { randomBytes } from 'node:crypto';
import type { PhoneView } from '../../../shared/api/views';
import { parseMac, type Mac } from '../../../shared/mac';
import type { LineAssignment, Phone } from '../../../shared/domain/phone';
import { phoneInputSchema, phonePatchSchema, type PhoneInput, type PhonePatch } from '../../../shared/domain/phone';
import type { Button } from '../../../shared/domain/button';
import type { Context } from '../context';
import { AppError } from '../errors';
import { hotdeskRefusal } from '../../../shared/vendors/registry';
import type { Op } from '../store/ops';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function requireMac(text: string): Mac {
  const mac = parseMac(text);
  if (!mac) throw new AppError('bad_request', `"${text.slice(0, 40)}" is not a MAC address`, 'Use a form like 80:5E:C0:11:22:33.');
  return mac;
}

export function requirePhone(ctx: Context, macText: string): Phone {
  const phone = ctx.store.state.phones.get(requireMac(macText));
  if (!phone) throw AppError.notFound(`Phone ${macText}`, 'Add the phone first, or pick it from the discovered devices.');
  return phone;
}

export function provisioningUrlOf(ctx: Context, phone: Phone): string {
  return `${ctx.urls.deviceBaseUrl}/p/${phone.token}/`;
}

export function viewPhone(ctx: Context, phone: Phone): PhoneView {
  return { ...phone, flow: ctx.flowOf(phone.mac), provisioningUrl: provisioningUrlOf(ctx, phone) };
}

export function listPhones(ctx: Context): PhoneView[] {
  return [...ctx.store.state.phones.values()].map((p) => viewPhone(ctx, p));
}

function checkLines(ctx: Context, lines: readonly LineAssignment[]): void {
  for (const l of lines) {
    if (!ctx.store.state.accounts.has(l.accountId)) {
      throw new AppError('validation_failed', `Line ${l.line}: account ${l.accountId} does not exist`, 'Pick an account from the list.');
    }
  }
}

/** A hot-desk phone of a maker whose files cannot log users in is refused (shared/vendors/registry.ts). */
function checkHotdesk(phone: Pick<Phone, 'vendor' | 'userType'>): void {
  const why = phone.userType === 'hotdesk' ? hotdeskRefusal(phone.vendor) : undefined;
  if (why)
    throw new AppError('validation_failed', why, 'Set the user type to standard and assign an account.', [
      { path: 'userType', message: why },
    ]);
}

function checkButtons(buttons: readonly Button[], lines: readonly LineAssignment[], userType: Phone['userType']): void {
  const lineNumbers = new Set(lines.map((l) => l.line));
  for (const b of buttons) {
    if ((b.type === 'line' || b.type === 'blf') && userType === 'standard' && lineNumbers.size > 0 && !lineNumbers.has(b.line)) {
      throw new AppError(
        'validation_failed',
        `Key ${b.key} uses line ${b.line}, which has no account`,
        'Assign an account to that line or pick another line.',
      );
    }
  }
}

/** Saves a phone, keeping the token index and render cache in step. */
export async function savePhone(ctx: Context, phone: Phone, previous?: Phone): Promise<Phone> {
  if (previous && previous.token !== phone.token) ctx.tokens.delete(previous.token);
  ctx.tokens.set(phone.token, phone.mac);
  // No render epoch: cached files are tied to the phone object this save replaces.
  await ctx.store.commit([{ op: 'putPhone', phone }]);
  ctx.bus.publish({ type: 'phones-changed', macs: [phone.mac] });
  return phone;
}

export async function createPhone(ctx: Context, input: PhoneInput): Promise<PhoneView> {
  const parsed = phoneInputSchema.parse(input);
  if (ctx.store.state.phones.has(parsed.mac)) {
    throw new AppError('conflict', `Phone ${parsed.mac} is already in the list`, 'Edit the existing phone instead.');
  }
  checkLines(ctx, parsed.lines);
  checkButtons(parsed.buttons, parsed.lines, parsed.userType);
  const seen = ctx.store.state.devices.get(parsed.mac);
  const now = new Date().toISOString();
  const phone: Phone = {
    ...parsed,
    vendor: parsed.vendor || seen?.vendor || '',
    model: parsed.model || seen?.model || '',
    firmware: parsed.firmware || seen?.firmware || '',
    serial: parsed.serial || '',
    token: newToken(),
    lastIp: seen?.ip ?? '',
    createdAt: now,
    updatedAt: now,
    revision: 0,
  };
  checkHotdesk(phone);
  return viewPhone(ctx, await savePhone(ctx, phone));
}

export async function updatePhone(ctx: Context, macText: string, patchInput: PhonePatch): Promise<PhoneView> {
  const current = requirePhone(ctx, macText);
  const patch = phonePatchSchema.parse(patchInput);
  const next: Phone = { ...current, ...stripUndefined(patch), updatedAt: new Date().toISOString(), revision: current.revision + 1 };
  if (patch.lines) checkLines(ctx, next.lines);
  checkButtons(next.buttons, next.lines, next.userType);
  checkHotdesk(next);
  return viewPhone(ctx, await savePhone(ctx, next, current));
}

export function assignLines(ctx: Context, mac: string, lines: LineAssignment[]): Promise<PhoneView> {
  return updatePhone(ctx, mac, { lines });
}

export function setButtons(ctx: Context, mac: string, buttons: Button[]): Promise<PhoneView> {
  return updatePhone(ctx, mac, { buttons });
}

export async function deletePhones(ctx: Context, macTexts: readonly string[]): Promise<{ affected: number; undoId: string }> {
  const phones = macTexts.map((m) => requirePhone(ctx, m));
  for (const p of phones) ctx.tokens.delete(p.token);
  await ctx.store.commit(phones.map((p) => ({ op: 'deletePhone', mac: p.mac })));
  ctx.bus.publish({ type: 'phones-changed', macs: phones.map((p) => p.mac) });
  return { affected: phones.length, undoId: ctx.undo.add(phones.map((phone) => ({ op: 'putPhone', phone }))) };
}

export async function patchPhones(
  ctx: Context,
  macTexts: readonly string[],
  patchInput: PhonePatch,
): Promise<{ affected: number; undoId: string }> {
  const patch = stripUndefined(phonePatchSchema.parse(patchInput));
  const phones = macTexts.map((m) => requirePhone(ctx, m));
  const now = new Date().toISOString();
  const next = phones.map((p) => ({ ...p, ...patch, updatedAt: now, revision: p.revision + 1 }));
  for (const p of next) {
    if (patch.lines) checkLines(ctx, p.lines);
    checkButtons(p.buttons, p.lines, p.userType);
    checkHotdesk(p);
  }
  // No render epoch: each phone's cached files go with the object this replaces (see savePhone).
  await ctx.store.commit(next.map((phone) => ({ op: 'putPhone', phone })));
  ctx.bus.publish({ type: 'phones-changed', macs: next.map((p) => p.mac) });
  return { affected: next.length, undoId: ctx.undo.add(phones.map((phone) => ({ op: 'putPhone', phone }))) };
}

export async function undo(ctx: Context, undoId: string): Promise<{ ok: true }> {
  const action = ctx.undo.takeAction(undoId);
  if (action) {
    await action.run();
    return { ok: true };
  }
  const ops = ctx.undo.take(undoId);
  if (!ops)
    throw new AppError('not_found', 'There is nothing to undo with that id', 'Undo is kept for the last 50 bulk actions of this session.');
  await restore(ctx, ops);
  return { ok: true };
}

async function restore(ctx: Context, ops: Op[]): Promise<void> {
  for (const op of ops) {
    const mac = op.op === 'putPhone' ? op.phone.mac : op.op === 'deletePhone' ? op.mac : undefined;
    const current = mac === undefined ? undefined : ctx.store.state.phones.get(mac);
    if (current) ctx.tokens.delete(current.token);
    if (op.op === 'putPhone') ctx.tokens.set(op.phone.token, op.phone.mac);
  }
  ctx.renderEpoch++;
  await ctx.store.commit(ops);
  ctx.bus.publish({
    type: 'phones-changed',
    macs: ops.flatMap((o) => (o.op === 'putPhone' ? [o.phone.mac] : o.op === 'deletePhone' ? [o.mac] : [])),
  });
  if (ops.some((o) => o.op === 'putAccount' || o.op === 'deleteAccount')) ctx.bus.publish({ type: 'accounts-changed' });
  if (ops.some((o) => o.op === 'setRules')) ctx.bus.publish({ type: 'rules-changed' });
  if (ops.some((o) => o.op === 'putTemplate')) ctx.bus.publish({ type: 'templates-changed' });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
