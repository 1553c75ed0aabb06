/**
 * Discovery use cases: list interfaces (with a hint, never a choice), run one sweep at a time on
 * the interface the technician picked, report its progress on the event bus, record what it
 * found in the inventory, cancel it; the plug-and-play listener's status.
 */
import { randomBytes } from 'node:crypto';
import { sweepRange, type LanInterface } from '../../../shared/discovery/interfaces';
import { formatCidr } from '../../../shared/discovery/ipv4';
import type { PnpStatusView, SweepRequest, SweepStatus } from '../../../shared/discovery/sweepStatus';
import { looksLikePhone } from '../../../shared/discovery/vendor';
import type { Context } from '../context';
import { listLanInterfaces } from '../discovery/interfaces';
import { describeSwept, sweep, type SweepResult } from '../discovery/sweeper';
import { AppError } from '../errors';
import { recordSighting } from './inventory';

export function listInterfaces(_ctx: Context): Promise<LanInterface[]> {
  return listLanInterfaces();
}

function publish(ctx: Context, status: SweepStatus): void {
  ctx.bus.publish({ type: 'sweep', sweep: { ...status } });
}

/** Folds a sweep's findings into the inventory, one sighting per source that saw each device. */
export function recordSweep(ctx: Context, result: SweepResult): number {
  let phones = 0;
  for (const d of result.devices) {
    const at = new Date().toISOString();
    const facts = describeSwept(d);
    const isPhone = looksLikePhone(d.mac, facts.told);
    if (isPhone) phones++;
    recordSighting(ctx, {
      mac: d.mac,
      source: 'sweep',
      at,
      ip: d.ip,
      vendor: facts.vendor,
      model: facts.model,
      firmware: facts.firmware,
      isPhone,
    });
    if (d.sip)
      recordSighting(ctx, {
        mac: d.mac,
        source: 'sip_options',
        at,
        ip: d.ip,
        vendor: d.sip.vendor,
        model: d.sip.model,
        firmware: d.sip.firmware,
        userAgent: d.sip.agent,
        isPhone,
      });
    if (d.http)
      recordSighting(ctx, {
        mac: d.mac,
        source: 'http',
        at,
        ip: d.ip,
        vendor: d.http.vendor,
        model: d.http.model,
        firmware: d.http.firmware,
        isPhone,
      });
  }
  return phones;
}

export async function startSweep(ctx: Context, req: SweepRequest): Promise<SweepStatus> {
  const current = ctx.services.sweeps.current;
  if (current?.status.state === 'running') {
    throw new AppError('conflict', 'A sweep is already running', 'Wait for it to finish, or cancel it first.');
  }
  const iface = (await listLanInterfaces()).find((i) => i.name === req.interface);
  if (!iface)
    throw new AppError('not_found', `No interface named ${req.interface} with an IPv4 address`, 'Pick one from the list of interfaces.');
  const range = sweepRange(iface, req.cidr);
  if (!range.ok) throw new AppError('validation_failed', range.message, range.hint);

  const controller = new AbortController();
  const status: SweepStatus = {
    id: randomBytes(6).toString('hex'),
    state: 'running',
    phase: 'probing',
    interface: iface.name,
    cidr: formatCidr(range.cidr),
    probed: 0,
    total: 0,
    found: 0,
    phones: 0,
    startedAt: new Date().toISOString(),
  };
  ctx.log.info('sweep started', { interface: iface.name, cidr: status.cidr });
  const done = (async () => {
    try {
      const result = await sweep({
        iface,
        cidr: range.cidr,
        ...(req.rate ? { rate: req.rate } : {}),
        signal: controller.signal,
        onProgress: (p) => {
          Object.assign(status, { phase: p.phase, probed: p.probed, total: p.total, found: p.found });
          publish(ctx, status);
        },
      });
      status.phones = recordSweep(ctx, result);
      status.found = result.devices.length;
      status.wallMs = Math.round(result.wallMs);
      status.state = result.cancelled ? 'cancelled' : 'done';
      status.phase = result.cancelled ? 'cancelled' : 'done';
    } catch (error) {
      status.state = 'failed';
      status.error = `The sweep stopped: ${(error as Error).message}`;
      ctx.log.warn('sweep failed', { error: (error as Error).message });
    }
    status.finishedAt = new Date().toISOString();
    publish(ctx, status);
  })();
  ctx.services.sweeps.current = { status, controller, done };
  publish(ctx, status);
  return { ...status };
}

export function sweepStatus(ctx: Context): SweepStatus {
  const s = ctx.services.sweeps.current;
  if (!s) throw new AppError('not_found', 'No sweep has run yet', 'Pick an interface and start a sweep.');
  return { ...s.status };
}

export async function cancelSweep(ctx: Context): Promise<SweepStatus> {
  const s = ctx.services.sweeps.current;
  if (!s) throw new AppError('not_found', 'No sweep has run yet');
  s.controller.abort();
  await s.done;
  return { ...s.status };
}

export function pnpStatus(ctx: Context): PnpStatusView {
  const s = ctx.services.pnp.status;
  return {
    enabled: ctx.store.state.settings.plugAndPlay,
    running: s.running,
    interface: s.interface,
    address: s.address,
    problem: s.problem,
  };
}
