/**
 * Soak: virtual phones (1000 by default) each re-ask the RPS, re-fetch their BootFile, ACC.cfg and
 * BTN.cfg and re-register with a real Asterisk 22 (the lab chroot, loopback) every ~10 s, for
 * DP_SOAK_SECONDS (600 by default), against the headless server process, whose PBX settings point
 * at the lab so its AMI link and registration monitor follow every registration. The server's
 * resident memory is sampled from /proc.
 *
 * Printed: cycles, registrations and failures; peak memory (VmHWM); whether memory grew; and the
 * memory 30 s after the load ended (what the server gives back once quiet). The growth
 * verdict leaves out the warm-up (the first sixth of the run, and at least until every phone has
 * done two cycles, so the repeat-folded timelines and the caches have their steady size) and then
 * compares the mean of the last third of the samples with the first third (GROWING above 10 %),
 * with the slope of a straight-line fit beside it. What the server keeps (timeline events, audit
 * entries in memory) is counted after the warm-up and at the end, so a bounded buffer filling up
 * is told apart from a leak. The lock after registration is turned off, as on a site whose phones
 * resync on a timer (a locked phone is refused its ACC.cfg). Without the Asterisk lab (no root)
 * the phones only re-fetch, and the soak says so. Loopback only.
 */
import { createApiClient, type ApiClient } from '../../shared/api/client';
import type { SeenAccount } from '../../shared/config/checkDefault';
import { enroll } from '../../electron/sim/enroll';
import { SipRegistration } from '../../electron/sim/sip/registration';
import { userAgentOf, VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { labUnavailableReason } from '../lab/asterisk/chroot';
import { AsteriskLab } from '../lab/asterisk/lab';
import { startServerProcess } from './serverProcess';

const PHONES = Number(process.env['DP_SOAK_PHONES'] ?? 1000);
const SECONDS = Number(process.env['DP_SOAK_SECONDS'] ?? 600);
const INTERVAL_S = Number(process.env['DP_SOAK_INTERVAL_SECONDS'] ?? 10);
/** Seconds the server is left quiet after the load before its memory is read once more. */
const QUIET_S = 30;
const SAMPLE_MS = 5000;
const GROWTH_LIMIT = 0.1;
const AUDIT_MEMORY = 10_000;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Least-squares slope of memory over time, MiB per minute. */
function slopePerMinute(samples: readonly { at: number; mib: number }[]): number {
  const t = samples.map((s) => s.at / 60_000);
  const y = samples.map((s) => s.mib);
  const mt = mean(t);
  const my = mean(y);
  const num = t.reduce((a, ti, i) => a + (ti - mt) * ((y[i] as number) - my), 0);
  const den = t.reduce((a, ti) => a + (ti - mt) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** What the server keeps, read through the admin API as any client would. */
async function kept(api: ApiClient, phones: readonly PhoneIdentity[]): Promise<{ events: number; maxPerPhone: number; audit: number }> {
  let events = 0;
  let maxPerPhone = 0;
  for (let i = 0; i < phones.length; i += 50) {
    const lists = await Promise.all(phones.slice(i, i + 50).map((p) => api.timeline({ params: { mac: p.mac } })));
    for (const l of lists) {
      events += l.length;
      maxPerPhone = Math.max(maxPerPhone, l.length);
    }
  }
  const audit = (await api.auditLog({ query: { limit: AUDIT_MEMORY } })).length;
  return { events, maxPerPhone, audit };
}

/** One phone's SIP lines, kept across cycles: each cycle registers them again on the same socket. */
class PhoneLines {
  private readonly regs = new Map<string, SipRegistration>();
  constructor(private readonly userAgent: string) {}

  async registerAll(accounts: readonly SeenAccount[]): Promise<string | undefined> {
    for (const a of accounts) {
      const key = `${a.line}|${a.userName}|${a.password}|${a.server}:${a.port}`;
      let reg = this.regs.get(key);
      if (!reg) {
        reg = new SipRegistration(
          { userName: a.userName, authName: a.authName, password: a.password, server: a.server, port: a.port, expires: a.expires },
          { userAgent: this.userAgent },
        );
        this.regs.set(key, reg);
      }
      const outcome = await reg.register();
      if (!outcome.ok) return `REGISTER ${a.userName}: ${outcome.reason}`;
    }
    return accounts.length === 0 ? 'no account to register' : undefined;
  }

  async close(): Promise<void> {
    for (const reg of this.regs.values()) await reg.close();
    this.regs.clear();
  }
}

export async function run(): Promise<boolean> {
  const unavailable = labUnavailableReason();
  if (unavailable && process.env['CI'] === 'true') throw new Error(`the soak needs the Asterisk lab under CI: ${unavailable}`);
  const password = (i: number) => `soak-${i}`;
  const lab = unavailable
    ? undefined
    : await AsteriskLab.start({
        endpoints: Array.from({ length: PHONES }, (_, i) => ({ userName: String(1000 + i), password: password(i) })),
        qualifyFrequency: 0,
        bootTimeoutMs: 60_000,
      });
  const server = await startServerProcess();
  const lines = new Map<string, PhoneLines>();
  try {
    const api = createApiClient({ baseUrl: server.adminUrl, token: server.adminToken, fetch: fetch as never });
    // Phones that re-fetch their passwords after registering need the lock after registration off,
    // as on a site where phones resync on a timer.
    await api.updateSettings({
      body: {
        security: { lockAfterRegistration: false },
        ...(lab
          ? {
              pbx: lab.pbxSettings(),
            }
          : {}),
      },
    });
    const phones = await enroll(api, { count: PHONES, password, ...(lab ? { sipHost: lab.sipHost, sipPort: lab.sipPort } : {}) });
    if (lab) for (let i = 0; i < 100 && !(await api.pbxRegistrations()).synced; i++) await sleep(100);
    console.log(
      `soak: ${PHONES} phones, each re-asking the RPS, re-fetching its files` +
        (lab ? ' and re-registering with Asterisk 22' : '') +
        ` every ~${INTERVAL_S} s, for ${SECONDS} s` +
        (lab ? '' : ` (re-registration left out: ${unavailable})`),
    );
    const warmupMs = Math.max((SECONDS * 1000) / 6, 2 * INTERVAL_S * 1000 * 1.2);
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const samples: { at: number; mib: number }[] = [];
    const sampler = setInterval(() => samples.push({ at: Date.now() - started, mib: server.memoryMiB() }), SAMPLE_MS);
    let cycles = 0;
    let registrations = 0;
    let failures = 0;
    const reasons = new Map<string, number>();
    const fail = (reason: string) => {
      failures++;
      const key = reason.slice(0, 80);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    };
    const afterWarmup = (async () => {
      await sleep(warmupMs);
      return Date.now() < deadline - 30_000 ? kept(api, phones) : undefined;
    })();
    await Promise.all(
      phones.map(async (id, i) => {
        // Spread the phones over the interval, as real phones booting at different times.
        await sleep((i / PHONES) * INTERVAL_S * 1000);
        const mine = new PhoneLines(userAgentOf(id));
        lines.set(id.mac, mine);
        while (Date.now() < deadline) {
          const began = Date.now();
          const result = await new VirtualPhone(id, { rpsUrl: server.rpsUrl, timeoutMs: 30_000 }).provision();
          cycles++;
          if (!result.ok) fail(result.reason ?? 'provisioning failed');
          else if (lab) {
            const problem = await mine.registerAll(result.config?.accounts ?? []);
            if (problem) fail(problem);
            else registrations++;
          }
          const wait = INTERVAL_S * 1000 * (0.8 + 0.4 * Math.random()) - (Date.now() - began);
          if (wait > 0 && Date.now() + wait < deadline) await sleep(wait);
          else if (wait > 0) break;
        }
      }),
    );
    clearInterval(sampler);
    samples.push({ at: Date.now() - started, mib: server.memoryMiB() });
    const registeredShown = lab ? (await api.listPhones()).filter((p) => p.flow.stage === 'registered').length : 0;
    const early = await afterWarmup;
    const late = await kept(api, phones);
    // The load over: what the server gives back once quiet (its idle collector).
    await sleep(QUIET_S * 1000);
    const quietMiB = server.memoryMiB();

    const warm = samples.filter((s) => s.at >= warmupMs && Number.isFinite(s.mib));
    const third = Math.max(1, Math.floor(warm.length / 3));
    const first = mean(warm.slice(0, third).map((s) => s.mib));
    const last = mean(warm.slice(-third).map((s) => s.mib));
    const growth = (last - first) / first;
    const tooShort = warm.length < 3;
    const growing = growth > GROWTH_LIMIT;
    const slope = slopePerMinute(warm);
    console.log(
      `soak: ${cycles} phone cycles (${cycles * 4} HTTP requests` +
        (lab ? `, ${registrations} re-registrations with Asterisk` : '') +
        `), ${failures} failed` +
        (failures > 0 ? `: ${[...reasons].map(([r, n]) => `${n}x ${r}`).join('; ')}` : ''),
    );
    if (lab) console.log(`soak: the app's registration monitor showed ${registeredShown} of ${PHONES} phones registered at the end`);
    const keptText = (k: { events: number; maxPerPhone: number; audit: number }) =>
      `${k.events} timeline events (at most ${k.maxPerPhone} for one phone), ${k.audit} audit entries in memory (ring of ${AUDIT_MEMORY})`;
    console.log(`soak: server keeps ${early ? `after warm-up ${keptText(early)}; ` : ''}at the end ${keptText(late)}`);
    console.log(
      `soak: server memory: peak ${server.peakMemoryMiB().toFixed(0)} MiB (VmHWM); after a ${(warmupMs / 1000).toFixed(0)} s warm-up, ` +
        `RSS mean first third ${first.toFixed(0)} MiB, last third ${last.toFixed(0)} MiB (${warm.length} samples): ` +
        `${(growth * 100).toFixed(1)} %, slope ${slope.toFixed(2)} MiB/min -> ${tooShort ? 'too short to tell' : growing ? 'GROWING' : 'steady'}`,
    );
    console.log(`soak: server memory ${QUIET_S} s after the load ended: ${quietMiB.toFixed(0)} MiB`);
    return failures === 0 && !tooShort && !growing && (!lab || registeredShown === PHONES);
  } finally {
    // Un-register every line, 200 phones at a time.
    const all = [...lines.values()];
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        for (let l = all.pop(); l; l = all.pop()) await l.close();
      }),
    );
    await server.stop();
    await lab?.stop();
  }
}
