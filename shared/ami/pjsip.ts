/**
 * Typed readings of the PJSIP AMI events the app uses (shapes as Asterisk 22 sends them; see the
 * captured text under test/fixtures/ami). Each reader takes a block and returns a plain object,
 * or undefined when the block is not that event or lacks what matters.
 */
import { z } from 'zod';
import { eventName, toRecord, type AmiBlock } from './message';

/** `ContactStatus` values: a contact's life (Created/Removed/Updated) or its qualify state. */
export const CONTACT_STATES = ['Created', 'Removed', 'Updated', 'Reachable', 'Unreachable', 'Unknown', 'NonQualified'] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

export interface ContactInfo {
  endpoint: string;
  aor: string;
  uri: string;
  /** Where the REGISTER came from (the Via address), else the host in the contact URI. */
  ip: string;
  port: number;
  userAgent: string;
  status: ContactState;
  /** Round trip of the last qualify, in milliseconds, when known. */
  rttMs?: number;
  /** Unix seconds when the binding expires, when known. */
  expiresAt?: number;
}

const text = z.string().default('');

function rtt(usec: string | undefined): number | undefined {
  const n = Number(usec);
  return Number.isFinite(n) && n > 0 ? Math.round(n / 100) / 10 : undefined;
}

function stateOf(value: string): ContactState {
  return (CONTACT_STATES as readonly string[]).includes(value) ? (value as ContactState) : 'Unknown';
}

/** `sip:1001@127.0.0.1:5062;transport=udp` -> host and port. */
export function hostPortOfUri(uri: string): { host: string; port: number } {
  const m = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;>?]+)(?::(\d+))?/i.exec(uri.trim());
  if (!m) return { host: '', port: 0 };
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : uri.startsWith('sips') ? 5061 : 5060 };
}

const contactListSchema = z.object({
  Endpoint: z.string().min(1),
  Uri: z.string().min(1),
  ObjectName: text,
  ViaAddr: text,
  ViaPort: text,
  UserAgent: text,
  Status: text,
  RoundtripUsec: text,
  ExpirationTime: text,
});

/** One `ContactList` event (answer to `PJSIPShowContacts`). */
export function readContactList(block: AmiBlock): ContactInfo | undefined {
  if (eventName(block) !== 'ContactList') return undefined;
  const parsed = contactListSchema.safeParse(toRecord(block));
  if (!parsed.success) return undefined;
  const c = parsed.data;
  const fromUri = hostPortOfUri(c.Uri);
  const port = Number(c.ViaPort);
  const expiresAt = Number(c.ExpirationTime);
  return {
    endpoint: c.Endpoint,
    aor: c.ObjectName.split(';@')[0] || c.Endpoint,
    uri: c.Uri,
    ip: c.ViaAddr || fromUri.host,
    port: Number.isInteger(port) && port > 0 ? port : fromUri.port,
    userAgent: c.UserAgent,
    status: stateOf(c.Status),
    ...(rtt(c.RoundtripUsec) !== undefined ? { rttMs: rtt(c.RoundtripUsec) } : {}),
    ...(Number.isInteger(expiresAt) && expiresAt > 0 ? { expiresAt } : {}),
  };
}

const contactStatusSchema = z.object({
  URI: z.string().min(1),
  ContactStatus: z.string().min(1),
  AOR: text,
  EndpointName: text,
  RoundtripUsec: text,
  UserAgent: text,
  ViaAddress: text,
});

export interface ContactStatusEvent {
  endpoint: string;
  aor: string;
  uri: string;
  status: ContactState;
  rttMs?: number;
  /** Not in Asterisk 22's event; present in some versions. */
  userAgent?: string;
  ip: string;
  port: number;
}

/** A live `ContactStatus` event. */
export function readContactStatus(block: AmiBlock): ContactStatusEvent | undefined {
  if (eventName(block) !== 'ContactStatus') return undefined;
  const parsed = contactStatusSchema.safeParse(toRecord(block));
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const via = /^(.*):(\d+)$/.exec(e.ViaAddress);
  const fromUri = hostPortOfUri(e.URI);
  return {
    endpoint: e.EndpointName || e.AOR,
    aor: e.AOR || e.EndpointName,
    uri: e.URI,
    status: stateOf(e.ContactStatus),
    ...(rtt(e.RoundtripUsec) !== undefined ? { rttMs: rtt(e.RoundtripUsec) } : {}),
    ...(e.UserAgent ? { userAgent: e.UserAgent } : {}),
    ip: via ? (via[1] as string) : fromUri.host,
    port: via ? Number(via[2]) : fromUri.port,
  };
}

export interface EndpointSummary {
  name: string;
  aors: string[];
  auths: string[];
  deviceState: string;
  contacts: number;
}

/** One `EndpointList` event (answer to `PJSIPShowEndpoints`). */
export function readEndpointList(block: AmiBlock): EndpointSummary | undefined {
  if (eventName(block) !== 'EndpointList') return undefined;
  const r = toRecord(block);
  if (!r['ObjectName']) return undefined;
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    name: r['ObjectName'],
    aors: list(r['Aor']),
    auths: list(r['Auths']),
    deviceState: r['DeviceState'] ?? '',
    contacts: list(r['Contacts']).length,
  };
}

export interface AuthDetail {
  name: string;
  endpoint: string;
  username: string;
  /** Empty when the PBX keeps only a hash (md5_cred / password_digest). */
  password: string;
  authType: string;
}

/** An `AuthDetail` event (part of the answer to `PJSIPShowEndpoint`). */
export function readAuthDetail(block: AmiBlock): AuthDetail | undefined {
  if (eventName(block) !== 'AuthDetail') return undefined;
  const r = toRecord(block);
  if (!r['ObjectName']) return undefined;
  return {
    name: r['ObjectName'],
    endpoint: r['EndpointName'] ?? '',
    username: r['Username'] ?? '',
    password: r['Password'] ?? '',
    authType: r['AuthType'] ?? '',
  };
}

export interface EndpointDetail {
  name: string;
  callerId: string;
  context: string;
  transport: string;
  auth: string;
}

export function readEndpointDetail(block: AmiBlock): EndpointDetail | undefined {
  if (eventName(block) !== 'EndpointDetail') return undefined;
  const r = toRecord(block);
  if (!r['ObjectName']) return undefined;
  return {
    name: r['ObjectName'],
    callerId: r['Callerid'] ?? '',
    context: r['Context'] ?? '',
    transport: r['Transport'] ?? '',
    auth: r['Auth'] ?? '',
  };
}

/** `"Desk 1001" <1001>` -> `Desk 1001`. */
export function displayNameOfCallerId(callerId: string): string {
  const m = /^\s*"([^"]*)"/.exec(callerId);
  if (m) return (m[1] as string).trim();
  const bare = callerId.replace(/<[^>]*>/, '').trim();
  return bare === '<unknown>' ? '' : bare;
}
