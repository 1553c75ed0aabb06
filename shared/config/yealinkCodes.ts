/** Yealink line-key type codes (FORMATS.md section 2; hot desking from Yealink's admin guide). */
import type { ButtonType } from '../domain/button';
import type { Transport } from '../domain/account';

export const YEALINK_KEY_TYPE: Record<ButtonType, number> = {
  none: 0,
  conference: 1,
  forward: 2,
  transfer: 3,
  dnd: 5,
  pickup: 9,
  park: 10,
  voicemail: 12,
  speed_dial: 13,
  intercom: 14,
  line: 15,
  blf: 16,
  paging: 24,
  record: 25,
  hotdesk_login: 34,
};

export const BUTTON_TYPE_OF_YEALINK_CODE: ReadonlyMap<number, ButtonType> = new Map(
  Object.entries(YEALINK_KEY_TYPE).map(([type, code]) => [code, type as ButtonType]),
);

export const YEALINK_TRANSPORT: Record<Transport, number> = { udp: 0, tcp: 1, tls: 2 };
export const TRANSPORT_OF_YEALINK_CODE: ReadonlyMap<number, Transport> = new Map(
  Object.entries(YEALINK_TRANSPORT).map(([t, code]) => [code, t as Transport]),
);
