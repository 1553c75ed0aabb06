/**
 * A minimal catalog of deskphone models: how many programmable keys each has, so the UI can draw
 * its keys and the server can reject a key number the phone does not have. Key counts are from
 * the vendors' datasheets as remembered, not yet checked one by one: the vendors engineer owns
 * this file from here and should correct it against the datasheets.
 */
import { BUTTON_TYPES, type ButtonType } from '../domain/button';

export interface PhoneModel {
  vendor: string;
  model: string;
  /** Programmable keys visible at once (left and right of the screen). */
  lineKeys: number;
  /** Pages the keys page through; total keys = lineKeys * pages. */
  pages: number;
  /** A sidecar key module the model accepts, if any. */
  expansion?: { name: string; keys: number; maxModules: number };
  /** Key functions the model supports. */
  buttonTypes: readonly ButtonType[];
}

const ALL: readonly ButtonType[] = BUTTON_TYPES;
const NO_HOTDESK: readonly ButtonType[] = BUTTON_TYPES.filter((t) => t !== 'hotdesk_login');

export const MODELS: readonly PhoneModel[] = [
  { vendor: 'Yealink', model: 'T31P', lineKeys: 2, pages: 1, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T33G', lineKeys: 4, pages: 1, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T42U', lineKeys: 6, pages: 2, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T43U', lineKeys: 6, pages: 3, expansion: { name: 'EXP43', keys: 60, maxModules: 3 }, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T46G', lineKeys: 10, pages: 3, expansion: { name: 'EXP40', keys: 40, maxModules: 6 }, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T46U', lineKeys: 10, pages: 3, expansion: { name: 'EXP50', keys: 60, maxModules: 3 }, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T48U', lineKeys: 10, pages: 3, expansion: { name: 'EXP50', keys: 60, maxModules: 3 }, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T54W', lineKeys: 10, pages: 3, expansion: { name: 'EXP50', keys: 60, maxModules: 3 }, buttonTypes: ALL },
  { vendor: 'Yealink', model: 'T57W', lineKeys: 10, pages: 3, expansion: { name: 'EXP50', keys: 60, maxModules: 3 }, buttonTypes: ALL },
  { vendor: 'Poly', model: 'VVX 250', lineKeys: 4, pages: 1, buttonTypes: NO_HOTDESK },
  { vendor: 'Poly', model: 'VVX 410', lineKeys: 12, pages: 1, buttonTypes: NO_HOTDESK },
  { vendor: 'Poly', model: 'VVX 450', lineKeys: 12, pages: 1, expansion: { name: 'VVX Color EM', keys: 28, maxModules: 3 }, buttonTypes: NO_HOTDESK },
  { vendor: 'Grandstream', model: 'GXP2135', lineKeys: 8, pages: 4, buttonTypes: ALL },
  { vendor: 'Grandstream', model: 'GRP2614', lineKeys: 4, pages: 6, buttonTypes: ALL },
  { vendor: 'Grandstream', model: 'GRP2615', lineKeys: 5, pages: 8, buttonTypes: ALL },
  { vendor: 'Snom', model: 'D735', lineKeys: 8, pages: 4, buttonTypes: ALL },
  { vendor: 'Snom', model: 'D785', lineKeys: 12, pages: 2, buttonTypes: ALL },
  { vendor: 'Snom', model: 'M900', lineKeys: 0, pages: 1, buttonTypes: ['line'] },
  { vendor: 'Fanvil', model: 'X5U', lineKeys: 12, pages: 3, buttonTypes: ALL },
  { vendor: 'Fanvil', model: 'X4U', lineKeys: 12, pages: 3, buttonTypes: ALL },
];

/** Used for a phone whose model is unknown or not in the catalog. */
export const GENERIC_MODEL: PhoneModel = { vendor: '', model: 'Generic', lineKeys: 12, pages: 1, buttonTypes: ALL };

function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Looks a model up by vendor (optional) and model name, ignoring case, spaces and dashes. */
export function findModel(vendor: string, model: string): PhoneModel | undefined {
  const m = norm(model).replace(/^(sip|vvx)(?=\d)/, (p) => (p === 'vvx' ? 'vvx' : ''));
  if (m === '') return undefined;
  const v = norm(vendor);
  return MODELS.find(
    (entry) => norm(entry.model) === m && (v === '' || norm(entry.vendor) === v || (v === 'polycom' && entry.vendor === 'Poly')),
  );
}

export function modelOrGeneric(vendor: string, model: string): PhoneModel {
  return findModel(vendor, model) ?? GENERIC_MODEL;
}

export function totalKeys(model: PhoneModel): number {
  return model.lineKeys * model.pages;
}
