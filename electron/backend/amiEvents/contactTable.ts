/**
 * The PBX's current contacts, by endpoint and URI, with each endpoint's contacts at hand: "does
 * this endpoint still have a live contact?" is asked on every contact event and every deadline
 * check, and scanning every contact for it made a site-wide burst quadratic.
 */
import type { ContactInfo } from '../../../shared/ami/pjsip';

function contactKey(endpoint: string, uri: string): string {
  return `${endpoint}|${uri}`;
}

export class ContactTable {
  private readonly all = new Map<string, ContactInfo>();
  private readonly byEndpoint = new Map<string, Map<string, ContactInfo>>();

  get size(): number {
    return this.all.size;
  }

  get(endpoint: string, uri: string): ContactInfo | undefined {
    return this.all.get(contactKey(endpoint, uri));
  }

  has(endpoint: string, uri: string): boolean {
    return this.all.has(contactKey(endpoint, uri));
  }

  set(contact: ContactInfo): void {
    const key = contactKey(contact.endpoint, contact.uri);
    this.all.set(key, contact);
    let mine = this.byEndpoint.get(contact.endpoint);
    if (!mine) this.byEndpoint.set(contact.endpoint, (mine = new Map()));
    mine.set(key, contact);
  }

  delete(endpoint: string, uri: string): void {
    const key = contactKey(endpoint, uri);
    this.all.delete(key);
    const mine = this.byEndpoint.get(endpoint);
    mine?.delete(key);
    if (mine?.size === 0) this.byEndpoint.delete(endpoint);
  }

  clear(): void {
    this.all.clear();
    this.byEndpoint.clear();
  }

  values(): IterableIterator<ContactInfo> {
    return this.all.values();
  }

  /** The endpoint's contacts. */
  of(endpoint: string): IterableIterator<ContactInfo> {
    return (this.byEndpoint.get(endpoint) ?? new Map<string, ContactInfo>()).values();
  }

  /** The endpoint's first contact that answers (not Unreachable), if any. */
  liveOf(endpoint: string): ContactInfo | undefined {
    for (const c of this.of(endpoint)) if (c.status !== 'Unreachable') return c;
    return undefined;
  }
}
