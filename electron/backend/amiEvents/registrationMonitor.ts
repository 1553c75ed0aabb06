/**
 * Which phones registered, live. When the AMI link comes up it reads every contact
 * (`PJSIPShowContacts`); after that it follows `ContactStatus` events. Asterisk 22's event lacks
 * the User-Agent and source address, so new contacts are looked up in a batched contact-list read
 * (one per burst, not one per phone) before step 7 is recorded with URI, User-Agent, source
 * address and round-trip time. Security events give the reason a registration failed, and phones
 * that fetched their configuration but never reached the PBX are flagged after a deadline.
 */
import { eventName, field, toRecord, type AmiBlock } from '../../../shared/ami/message';
import { readContactList, readContactStatus, type ContactInfo, type ContactStatusEvent } from '../../../shared/ami/pjsip';
import { readSecurityEvent, securityReason, type SecurityFinding } from '../../../shared/ami/security';
import type { NewStepEvent } from '../../../shared/flow/steps';
import type { ContactView } from '../../../shared/pbx/views';
import type { Context } from '../context';
import { recordStep } from '../usecases/timeline';
import type { AmiClient } from '../ami/amiClient';
import { ContactTable } from './contactTable';
import { DEFAULT_DETAIL_PACING, nextDetailReadAt, type DetailPacing, type DetailWaiting } from './detailPacing';

interface LineRef {
  mac: string;
  accountId: string;
  line: number;
}

/** What was last written to a phone line's timeline, so the same news is not written twice. */
type Recorded = { state: 'registered' | 'unreachable' | 'gone' | 'failed' | 'no_register'; reason?: string; at: number };

const CONTACTS_EMPTY = /no contacts found/i;
const FAILURE_REPEAT_MS = 60_000;

export class RegistrationMonitor {
  /** Current contacts, by endpoint and URI. */
  readonly contacts = new ContactTable();
  private isSynced = false;
  private client: AmiClient | undefined;
  private index: Map<string, LineRef[]> | undefined;
  /** Each phone's lines as the index was built from them. */
  private readonly indexedLines = new Map<string, readonly unknown[]>();
  private readonly recorded = new Map<string, Recorded>();
  /** Endpoints whose new contacts (by URI) wait for the batched detail read. */
  private readonly pendingDetail = new Map<string, Set<string>>();
  private detailTimer: NodeJS.Timeout | undefined;
  private detailRunning: Promise<void> | undefined;
  private readonly pacing: DetailPacing;
  private firstPendingAt = 0;
  private lastPendingAt = 0;
  private lastRead: { endedAt: number; ms: number } | undefined;
  /** Call-IDs of InvalidAccountID attempts: the `<unknown>` challenge failure that follows is the same attempt. */
  private readonly unknownSessions = new Map<string, number>();
  /** Challenges not yet answered with a good digest, by Call-ID. */
  /** Challenges not yet answered well, by Call-ID; `count` > 1: the phone answered and was challenged again. */
  private readonly openChallenges = new Map<string, { finding: SecurityFinding; at: number; count: number }>();
  /** Call-IDs whose digest answer was refused (ChallengeResponseFailed): a later unanswered challenge there is the same wrong password. */
  private readonly refusedSessions = new Map<string, number>();
  /** Last successful digest auth per account (a REGISTER reached the PBX). */
  private readonly authOk = new Map<string, number>();
  /** Last time a contact of an endpoint was created or updated (a REGISTER the PBX took). */
  private readonly contactWritten = new Map<string, number>();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: Context,
    private readonly pbxName: () => string,
    private readonly options: {
      /** How the batched contact-detail reads are paced (defaults: DEFAULT_DETAIL_PACING). */
      detailPacing?: Partial<DetailPacing>;
      deadlineCheckMs?: number;
      /** Told each time `synced` flips (the contact list read, or the link lost). */
      onSyncedChange?: (synced: boolean) => void;
    } = {},
  ) {
    this.unsubscribe = ctx.bus.subscribe((event) => {
      if (event.type === 'accounts-changed') this.index = undefined;
      // Most phone changes leave the lines alone (a phone locked after it registered, a new IP):
      // the index is built again only when a phone's lines are not the ones it was built from.
      if (event.type === 'phones-changed' && this.index && event.macs.some((mac) => this.linesChanged(mac))) this.index = undefined;
    });
    this.pacing = { ...DEFAULT_DETAIL_PACING, ...options.detailPacing };
    const every = options.deadlineCheckMs ?? 2000;
    this.deadlineTimer = setInterval(() => this.checkDeadlines(), every);
    this.deadlineTimer.unref?.();
  }

  /** True once the contact list was read after the link last came up. */
  get synced(): boolean {
    return this.isSynced;
  }

  private set synced(value: boolean) {
    if (value === this.isSynced) return;
    this.isSynced = value;
    this.options.onSyncedChange?.(value);
  }

  stop(): void {
    this.unsubscribe();
    clearInterval(this.deadlineTimer);
    clearTimeout(this.detailTimer);
    this.client = undefined;
  }

  // ---- phones <-> accounts ----

  /** True when `mac`'s lines are not the ones the index was built from (the store replaces, never edits, a phone's lines). */
  private linesChanged(mac: string): boolean {
    const lines = this.ctx.store.state.phones.get(mac)?.lines;
    const indexed = this.indexedLines.get(mac);
    return lines !== indexed && (lines?.length ?? 0) + (indexed?.length ?? 0) > 0;
  }

  private lineIndex(): Map<string, LineRef[]> {
    if (this.index) return this.index;
    const byName = new Map<string, LineRef[]>();
    const accounts = this.ctx.store.state.accounts;
    this.indexedLines.clear();
    for (const phone of this.ctx.store.state.phones.values()) {
      this.indexedLines.set(phone.mac, phone.lines);
      for (const l of phone.lines) {
        const account = accounts.get(l.accountId);
        if (!account) continue;
        const names = new Set([account.userName, ...(account.authName ? [account.authName] : [])]);
        for (const name of names) {
          const list = byName.get(name) ?? [];
          list.push({ mac: phone.mac, accountId: account.id, line: l.line });
          byName.set(name, list);
        }
      }
    }
    this.index = byName;
    return byName;
  }

  /** The phone lines using `endpoint`; with several, those whose last address is `ip` first. */
  linesOf(endpoint: string, ip?: string): LineRef[] {
    const lines = this.lineIndex().get(endpoint) ?? [];
    if (!ip || lines.length <= 1) return lines;
    const here = lines.filter((l) => this.ctx.flowOf(l.mac).lastIp === ip || this.ctx.store.state.phones.get(l.mac)?.lastIp === ip);
    return here.length > 0 ? here : lines;
  }

  private lastRecorded(ref: LineRef): Recorded | undefined {
    const key = `${ref.mac}|${ref.accountId}`;
    const known = this.recorded.get(key);
    if (known) return known;
    // After an app restart, start from what the timeline says.
    const mark = this.ctx.flowOf(ref.mac).steps[7];
    if (!mark) return undefined;
    const seeded: Recorded = {
      state: mark.outcome === 'ok' ? 'registered' : 'failed',
      at: Date.parse(mark.at),
      ...(mark.reason ? { reason: mark.reason } : {}),
    };
    this.recorded.set(key, seeded);
    return seeded;
  }

  private record(ref: LineRef, next: Recorded, event: Omit<NewStepEvent, 'mac' | 'step'>): void {
    const last = this.lastRecorded(ref);
    if (last && last.state === next.state && last.reason === next.reason) {
      if (next.state !== 'failed' || next.at - last.at < FAILURE_REPEAT_MS) return;
    }
    this.recorded.set(`${ref.mac}|${ref.accountId}`, next);
    const account = this.ctx.store.state.accounts.get(ref.accountId);
    recordStep(this.ctx, {
      mac: ref.mac,
      step: 7,
      ...event,
      detail: { line: ref.line, account: account?.userName ?? '', ...(event.detail ?? {}) },
    });
  }

  // ---- contacts ----

  private recordContact(contact: ContactInfo): void {
    const registered = contact.status !== 'Unreachable' && contact.status !== 'Removed';
    for (const ref of this.linesOf(contact.endpoint, contact.ip)) {
      const detail = {
        contact: contact.uri,
        source: `${contact.ip}:${contact.port}`,
        status: contact.status,
        ...(contact.rttMs !== undefined ? { rttMs: contact.rttMs } : {}),
      };
      if (registered) {
        this.record(
          ref,
          { state: 'registered', at: Date.now() },
          { outcome: 'ok', ip: contact.ip, userAgent: contact.userAgent, file: contact.uri, detail },
        );
      } else {
        const reason = `Registered but not answering the PBX's OPTIONS pings (contact ${contact.uri} unreachable). Check the phone is powered and on the network, and that no firewall or NAT drops packets from the PBX.`;
        this.record(
          ref,
          { state: 'unreachable', reason, at: Date.now() },
          { outcome: 'failed', ip: contact.ip, userAgent: contact.userAgent, reason, detail },
        );
      }
    }
  }

  private recordGone(endpoint: string, uri: string, ip: string): void {
    if (this.contacts.liveOf(endpoint)) return;
    for (const ref of this.linesOf(endpoint, ip)) {
      const reason = `Not registered any more: the registration of ${endpoint} (${uri}) ended, because the phone un-registered (reboot, shutdown) or its registration expired without being refreshed.`;
      this.record(
        ref,
        { state: 'gone', reason, at: Date.now() },
        { outcome: 'failed', ip, userAgent: '', reason, detail: { contact: uri } },
      );
    }
  }

  /** The link is up: read every contact and set the timelines right. */
  async attach(client: AmiClient): Promise<void> {
    this.client = client;
    this.synced = false;
    const before = [...this.contacts.values()];
    const blocks = await client.actionList('PJSIPShowContacts', {}, { emptyOn: CONTACTS_EMPTY, timeoutMs: 30_000 });
    if (this.client !== client) return;
    this.contacts.clear();
    for (const b of blocks) {
      const c = readContactList(b);
      if (c) this.contacts.set(c);
    }
    this.synced = true;
    for (const c of this.contacts.values()) this.recordContact(c);
    for (const c of before) if (!this.contacts.has(c.endpoint, c.uri)) this.recordGone(c.endpoint, c.uri, c.ip);
  }

  /** The link is down: what the PBX knows is unknown until it is back. */
  detach(): void {
    this.client = undefined;
    this.synced = false;
  }

  handleEvent(block: AmiBlock): void {
    const status = readContactStatus(block);
    if (status) return this.onContactStatus(status);
    const finding = readSecurityEvent(block);
    if (finding) this.onSecurity(finding);
  }

  private onContactStatus(e: ContactStatusEvent): void {
    if (e.status === 'Created' || e.status === 'Updated') this.contactWritten.set(e.endpoint, Date.now());
    const known = this.contacts.get(e.endpoint, e.uri);
    if (e.status === 'Removed') {
      this.contacts.delete(e.endpoint, e.uri);
      this.dropPending(e.endpoint, e.uri);
      this.recordGone(e.endpoint, e.uri, known?.ip ?? e.ip);
      return;
    }
    const contact: ContactInfo = {
      endpoint: e.endpoint,
      aor: e.aor,
      uri: e.uri,
      ip: known?.ip ?? e.ip,
      port: known?.port ?? e.port,
      userAgent: e.userAgent ?? known?.userAgent ?? '',
      status: e.status === 'Created' || e.status === 'Updated' ? (known?.status ?? 'Unknown') : e.status,
      ...(e.rttMs !== undefined ? { rttMs: e.rttMs } : known?.rttMs !== undefined ? { rttMs: known.rttMs } : {}),
      ...(known?.expiresAt !== undefined ? { expiresAt: known.expiresAt } : {}),
    };
    this.contacts.set(contact);
    if (!known || !contact.userAgent) this.addPending(e.endpoint, e.uri);
    else this.recordContact(contact);
  }

  /**
   * New contacts are looked up once the burst settles (or every few seconds during a long one),
   * each read paced by what the last one cost: see detailPacing.ts.
   */
  private scheduleDetail(): void {
    if (this.detailTimer || this.detailRunning || this.pendingDetail.size === 0) return;
    const delay = Math.max(0, nextDetailReadAt(this.waiting(), this.pacing) - Date.now());
    this.detailTimer = setTimeout(() => {
      this.detailTimer = undefined;
      // Every contact waiting was removed meanwhile (a phone that re-registered from a new port): nothing to read.
      if (this.pendingDetail.size === 0) return;
      // New contacts since the timer was set may push the read later (the burst goes on).
      if (nextDetailReadAt(this.waiting(), this.pacing) > Date.now()) return this.scheduleDetail();
      const startedAt = Date.now();
      const read = this.readDetail().catch((error: unknown) => {
        this.ctx.log.warn('contact detail read failed', { error: error instanceof Error ? error.message : String(error) });
        return false;
      });
      this.detailRunning = read.then((ok) => {
        const endedAt = Date.now();
        // A failed read (link lost, timed out) says nothing of what a listing costs: retried after the minimum gap.
        this.lastRead = { endedAt, ms: ok ? endedAt - startedAt : 0 };
        this.detailRunning = undefined;
        this.scheduleDetail();
      });
    }, delay);
    this.detailTimer.unref?.();
  }

  private waiting(): DetailWaiting {
    return {
      firstPendingAt: this.firstPendingAt,
      lastPendingAt: this.lastPendingAt,
      ...(this.lastRead ? { lastRead: this.lastRead } : {}),
    };
  }

  private addPending(endpoint: string, uri: string): void {
    const now = Date.now();
    if (this.pendingDetail.size === 0) this.firstPendingAt = now;
    this.lastPendingAt = now;
    const uris = this.pendingDetail.get(endpoint) ?? new Set<string>();
    uris.add(uri);
    this.pendingDetail.set(endpoint, uris);
    this.scheduleDetail();
  }

  /** A contact removed before its detail was read needs no read. */
  private dropPending(endpoint: string, uri: string): void {
    const uris = this.pendingDetail.get(endpoint);
    if (!uris) return;
    uris.delete(uri);
    if (uris.size === 0) this.pendingDetail.delete(endpoint);
  }

  /** One contact-list read for every endpoint that got a new contact since the last read; false when it could not be read. */
  private async readDetail(): Promise<boolean> {
    const client = this.client;
    const wanted = new Map(this.pendingDetail);
    this.pendingDetail.clear();
    if (!client) return false;
    let blocks: AmiBlock[];
    try {
      blocks = await client.actionList('PJSIPShowContacts', {}, { emptyOn: CONTACTS_EMPTY, timeoutMs: 30_000 });
    } catch {
      if (this.pendingDetail.size === 0) this.firstPendingAt = Date.now();
      for (const [endpoint, uris] of wanted)
        this.pendingDetail.set(endpoint, new Set([...uris, ...(this.pendingDetail.get(endpoint) ?? [])]));
      return false;
    }
    for (const b of blocks) {
      // Most of the listing is contacts already known: skip them before parsing.
      const endpoint = field(b, 'Endpoint');
      if (endpoint === undefined || !wanted.has(endpoint)) continue;
      const c = readContactList(b);
      if (!c || !wanted.has(c.endpoint)) continue;
      const live = this.contacts.get(c.endpoint, c.uri);
      if (!live) continue; // removed meanwhile
      const merged: ContactInfo = {
        ...c,
        status: live.status === 'Unknown' ? c.status : live.status,
        ...(live.rttMs !== undefined ? { rttMs: live.rttMs } : {}),
      };
      this.contacts.set(merged);
      this.recordContact(merged);
    }
    return true;
  }

  // ---- why it failed ----

  private onSecurity(f: SecurityFinding): void {
    const now = Date.now();
    if (f.kind === 'auth_ok') {
      this.authOk.set(f.account, now);
      this.openChallenges.delete(f.sessionId);
      return;
    }
    if (f.kind === 'challenged') {
      const open = this.openChallenges.get(f.sessionId);
      this.openChallenges.set(f.sessionId, { finding: f, at: open?.at ?? now, count: (open?.count ?? 0) + 1 });
      return;
    }
    this.openChallenges.delete(f.sessionId);
    if (f.kind === 'unknown_account') this.unknownSessions.set(f.sessionId, now);
    if (f.kind === 'wrong_password') {
      this.refusedSessions.set(f.sessionId, now);
      this.refusedSessions.set(`${f.account}@${f.ip}`, now);
    }
    for (const [id, at] of this.refusedSessions) if (now - at > 600_000) this.refusedSessions.delete(id);
    if (f.kind === 'wrong_password' && (!f.account || this.unknownSessions.has(f.sessionId))) return; // the tail of an unknown-account attempt
    for (const [id, at] of this.unknownSessions) if (now - at > 120_000) this.unknownSessions.delete(id);
    this.recordFinding(f, now);
  }

  /**
   * Challenges that no good answer followed within `graceMs`. A refused answer is a wrong password
   * (`ChallengeResponseFailed`, or a re-challenged Call-ID or account). Asterisk 22.10 does not
   * always deliver ChallengeResponseFailed, so a challenge left unanswered is read against what the
   * endpoint offers (AuthDetail `SupportedAlgorithmsUas`): with SHA-256 offered, a phone that does
   * only MD5 never answers (baresip 1.0), so "no answer to the challenge"; with MD5 alone, which
   * every phone answers, it is a wrong password.
   */
  private expireChallenges(graceMs = 3000): void {
    const now = Date.now();
    for (const [id, open] of this.openChallenges) {
      if (now - open.at < graceMs) continue;
      this.openChallenges.delete(id);
      if (this.unknownSessions.has(id)) continue;
      const refused =
        open.count > 1 || this.refusedSessions.has(id) || this.refusedSessions.has(`${open.finding.account}@${open.finding.ip}`);
      if (refused) this.recordFinding({ ...open.finding, kind: 'wrong_password' }, now);
      else
        void this.offersSha256(open.finding.account).then((sha) =>
          this.recordFinding({ ...open.finding, kind: sha ? 'no_answer' : 'wrong_password' }, now),
        );
    }
  }

  /** Whether the endpoint's auth offers SHA-256 digests; false when it cannot be read (MD5 is Asterisk's default). */
  private async offersSha256(endpoint: string): Promise<boolean> {
    const client = this.client;
    if (!client || !endpoint) return false;
    try {
      const blocks = await client.actionList('PJSIPShowEndpoint', { Endpoint: endpoint });
      return blocks.some((b) => eventName(b) === 'AuthDetail' && /SHA-?256/i.test(toRecord(b)['SupportedAlgorithmsUas'] ?? ''));
    } catch {
      return false;
    }
  }

  private recordFinding(f: SecurityFinding, now: number): void {
    let lines = f.account ? this.linesOf(f.account, f.ip) : [];
    if (lines.length === 0) lines = this.linesByAddress(f.ip);
    const reason = securityReason(f, this.pbxName());
    for (const ref of lines) {
      this.record(
        ref,
        { state: 'failed', reason, at: now },
        {
          outcome: 'failed',
          ip: f.ip,
          userAgent: '',
          reason,
          detail: { problem: f.kind, source: `${f.ip}:${f.port}`, sentAccount: f.account },
        },
      );
    }
  }

  /** A single phone last seen at `ip` (a shared address, e.g. NAT, matches nothing). */
  private linesByAddress(ip: string): LineRef[] {
    const phones = [...this.ctx.store.state.phones.values()].filter((p) => (this.ctx.flowOf(p.mac).lastIp ?? p.lastIp) === ip);
    if (phones.length !== 1) return [];
    const phone = phones[0];
    return phone ? phone.lines.map((l) => ({ mac: phone.mac, accountId: l.accountId, line: l.line })) : [];
  }

  // ---- never reached the PBX ----

  checkDeadlines(): void {
    this.expireChallenges();
    if (!this.client || !this.synced) return;
    const { sipHost, sipPort, registerDeadlineSeconds } = this.ctx.store.state.settings.pbx;
    const now = Date.now();
    const accounts = this.ctx.store.state.accounts;
    for (const phone of this.ctx.store.state.phones.values()) {
      const flow = this.ctx.flowOf(phone.mac);
      const served = flow.steps[6];
      if (!served || served.outcome !== 'ok' || phone.lines.length === 0) continue;
      const servedAt = Date.parse(served.at);
      if (now - servedAt < registerDeadlineSeconds * 1000) continue;
      const mark = flow.steps[7];
      if (mark && Date.parse(mark.at) >= servedAt) continue;
      for (const l of phone.lines) {
        const account = accounts.get(l.accountId);
        if (!account) continue;
        const ref = { mac: phone.mac, accountId: account.id, line: l.line };
        const contact = this.contacts.liveOf(account.userName);
        if (contact) {
          this.recordContact(contact);
          continue;
        }
        const authAt = this.authOk.get(account.userName) ?? this.authOk.get(account.authName ?? '') ?? 0;
        if (authAt >= servedAt) continue;
        const when = new Date(servedAt).toISOString().slice(11, 19);
        const reason =
          `No REGISTER seen: the phone fetched its configuration at ${when} UTC but account ${account.userName} has not reached ` +
          `the PBX at ${sipHost}:${sipPort} within ${registerDeadlineSeconds} s. Check the SIP server address and port in the phone's ` +
          `account settings, that the phone can reach the PBX (VLAN, firewall), and the phone's own registration status page.`;
        this.record(
          ref,
          { state: 'no_register', reason, at: now },
          { outcome: 'failed', ip: flow.lastIp ?? '', userAgent: '', reason, detail: { problem: 'no_register' } },
        );
      }
    }
  }

  /** When a REGISTER of `account` last got through (a good digest, or its contact created or updated), in ms; 0 if never seen. */
  lastRegisterAt(account: string): number {
    return Math.max(this.authOk.get(account) ?? 0, this.contactWritten.get(account) ?? 0);
  }

  view(): ContactView[] {
    return [...this.contacts.values()].map((c) => ({
      ...c,
      macs: [...new Set(this.linesOf(c.endpoint, c.ip).map((l) => l.mac))],
    }));
  }
}
