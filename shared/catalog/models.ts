/**
 * The catalog of deskphone models: how many programmable keys each has (and pages of them),
 * which expansion modules it takes, and which key functions it can do, so the UI can draw its
 * keys and validation can refuse a key the phone does not have. Key functions are the vendor
 * plugin's capability list (shared/vendors/<vendor>/codes.ts) unless a model can do less.
 *
 * Every entry names the reference its key count came from (`reference`); docs/PROTOCOL.md
 * ("What each vendor file holds and where it was checked") lists them. A figure no reference
 * gives is named in `unverified` (and marked so there); the technician is told so, in the key
 * editor and as a note in the phone's files (shared/vendors/common/problems.ts). A model not
 * listed gets no key-count check.
 */
import { BUTTON_TYPES, type ButtonType } from '../domain/button';
import { YEALINK_BUTTON_CODES } from '../vendors/yealink/codes';
import { POLY_BUTTON_CODES } from '../vendors/poly/codes';
import { GRANDSTREAM_BUTTON_CODES } from '../vendors/grandstream/codes';
import { SNOM_BUTTON_CODES } from '../vendors/snom/codes';
import { FANVIL_BUTTON_CODES } from '../vendors/fanvil/codes';

export interface ExpansionModule {
  name: string;
  /** Keys on one module (all its pages). */
  keys: number;
  maxModules: number;
}

export interface PhoneModel {
  vendor: string;
  model: string;
  /** Programmable keys visible at once (left and right of the screen). */
  lineKeys: number;
  /** Pages the keys page through. */
  pages: number;
  /**
   * Programmable keys on the phone itself, when fewer than lineKeys * pages (Yealink's T46U
   * pages 10 keys three times but takes linekey.1..27), or when the phone has keys besides its
   * pages (Grandstream's physical MPKs after the virtual VPKs).
   */
  keys?: number;
  /** Grandstream: how many of the phone's keys are virtual (VPK); the rest are physical MPKs. */
  vpk?: number;
  /**
   * Fanvil X series: the line keys beside the screen (`<dssSide index="1">`), numbered first; the
   * memory keys after them page `lineKeys` at a time through `pages` `<internal>` pages.
   */
  sideKeys?: number;
  /** A sidecar key module the model accepts, if any. */
  expansion?: ExpansionModule;
  /** Key functions the model supports. */
  buttonTypes: readonly ButtonType[];
  /** Where the key counts were checked: repository and path, or guide and section. */
  reference: string;
  /**
   * Which of the figures (key count, pages, module size) no reference gives, in words ("key
   * count and pages"); absent when every figure is cited in `reference`.
   */
  unverified?: string;
}

const typesOf = (codes: Readonly<Partial<Record<ButtonType, unknown>>>): readonly ButtonType[] =>
  BUTTON_TYPES.filter((t) => codes[t] !== undefined);

const YEALINK = typesOf(YEALINK_BUTTON_CODES);
const POLY = typesOf(POLY_BUTTON_CODES);
const GRANDSTREAM = typesOf(GRANDSTREAM_BUTTON_CODES);
const SNOM = typesOf(SNOM_BUTTON_CODES);
const FANVIL = typesOf(FANVIL_BUTTON_CODES);

/** FusionPBX yealink/<model>/y0000000001xx.cfg "Expansion Key X ranges": 3 modules of 60 (T5XW/T43U/T46U/T48U), 6 of 40 (T46G/T48G). */
const EXP50 = { name: 'EXP50', keys: 60, maxModules: 3 };
const EXP43 = { name: 'EXP43', keys: 60, maxModules: 3 };
const EXP40 = { name: 'EXP40', keys: 40, maxModules: 6 };
/** wazo-provd-plugins wazo_polycom/common/common.py: `_EXPANSION = 3 * 40` added to the VVX 300-600 key counts. */
const VVX_EM = { name: 'VVX expansion module', keys: 40, maxModules: 3 };
/**
 * wazo-provd-plugins plugins/wazo_snom/v10_1_215_13/plugin-info: the 715, D735 and D785 take 3 expansion
 * modules; 18 keys each is FusionPBX's fkey total less the phone's own keys, over 3 (see SNOM_REF).
 */
const D7 = { name: 'Snom D7', keys: 18, maxModules: 3 };
/** Grandstream GRP2615: the firmware's extension-module key range (FusionPBX grp261x: pks.ext.1-160), as one block. */
const GRP_EXT = { name: 'Extension module keys', keys: 160, maxModules: 1 };

const FPBX_YEALINK = (model: string, file: string, range: string) =>
  `fusionpbx/fusionpbx resources/templates/provision/yealink/${model}/${file} ("LineKeyX ranges": ${range}; "Expansion Key X ranges")`;
const WAZO_GS = (model: string, vpk: number, mpk: number) =>
  `wazo-platform/wazo-provd-plugins plugins/wazo_grandstream/common/common.py MODEL_FKEYS['${model}'] (vpk ${vpk}, mpk ${mpk})`;
const WAZO_POLY = (model: string, keys: string) =>
  `wazo-platform/wazo-provd-plugins plugins/wazo_polycom/common/common.py _NB_FKEY['${model}'] (${keys})`;
/**
 * Snom D7xx: wazo-provd's plugin-info gives the phone's function keys and how many modules it takes;
 * FusionPBX's snom/<model>/{$mac}.xml stops writing fkeys at idx `maxKeys` (the phone's keys and
 * its modules' together, numbered from 0). Neither says how the phone's keys page.
 */
const SNOM_REF = (model: string, wazoModel: string, keys: string, maxKeys: number) =>
  `wazo-platform/wazo-provd-plugins plugins/wazo_snom/v10_1_215_13/plugin-info "Snom, ${wazoModel}, 10.1.215.13": ${keys}, expansion_modules 3; fusionpbx/fusionpbx resources/templates/provision/snom/${model}/{$mac}.xml: maxKeys ${maxKeys} (fkey idx 0-${maxKeys}: ${maxKeys + 1} keys with the modules)`;
const GRP_NO_EXT =
  'no expansion module: fusionpbx/fusionpbx resources/templates/provision/grandstream/grp2614/{$mac}.xml puts the EXT keys (pks.ext.N, P23000) under "FOR GRP2615/GRP2624/GRP2670/GRP2650 Only"; wazo-platform/wazo-provd-plugins plugins/wazo_grandstream/v1_0_5_48/plugin-info GRP2614 function_keys 40, expansion_modules 0';

/**
 * Fanvil X series: line keys (`<dssSide index="1">`) from wazo-provd, memory keys per `<internal>`
 * page from both references, five pages from FusionPBX (its only figure for the page count).
 */
const FANVIL_REF = (model: string, side: number, perPage: number, pluginInfo: string) =>
  `wazo-platform/wazo-provd-plugins plugins/wazo_fanvil/serie_x/entry.py: TOP_FUNCTION_KEYS['${model}'] ${side} and LINE_KEYS_PER_PAGE['${model}'] ${side} (line keys, <dssSide index="1">), FUNCTION_KEYS_PER_PAGE['${model}'] ${perPage} (memory keys per <internal> page); fusionpbx/fusionpbx resources/templates/provision/fanvil/${model.toLowerCase()}/{$mac}.cfg: <internal index="1..5"> of ${perPage} memory keys, FuncKeyPageNum 5; serie_x/plugin-info "Fanvil, ${model}": ${pluginInfo}`;

export const MODELS: readonly PhoneModel[] = [
  {
    vendor: 'Yealink',
    model: 'T31P',
    lineKeys: 2,
    pages: 1,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t33g', 'y000000000124.cfg', 'T31/T31P/T31G 1 to 2'),
  },
  {
    vendor: 'Yealink',
    model: 'T33G',
    lineKeys: 4,
    pages: 3,
    keys: 12,
    buttonTypes: YEALINK,
    reference: `fusionpbx/fusionpbx resources/templates/provision/yealink/t33g/y000000000124.cfg ("LineKeyX ranges": T33P/T33G 1 to 12)`,
  },
  {
    vendor: 'Yealink',
    model: 'T42U',
    lineKeys: 6,
    pages: 3,
    keys: 15,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t33g', 'y000000000124.cfg', 'T42U 1 to 15'),
  },
  {
    vendor: 'Yealink',
    model: 'T43U',
    lineKeys: 6,
    pages: 4,
    keys: 21,
    expansion: EXP43,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t43u', 'y000000000107.cfg', 'T43U 1 to 21'),
  },
  {
    vendor: 'Yealink',
    model: 'T46G',
    lineKeys: 10,
    pages: 3,
    keys: 27,
    expansion: EXP40,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t46g', 'y000000000028.cfg', 'T46G 1 to 27'),
  },
  {
    vendor: 'Yealink',
    model: 'T46U',
    lineKeys: 10,
    pages: 3,
    keys: 27,
    expansion: EXP50,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t46u', 'y000000000108.cfg', 'T46U 1 to 27'),
  },
  {
    vendor: 'Yealink',
    model: 'T48U',
    lineKeys: 10,
    pages: 3,
    keys: 29,
    expansion: EXP50,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t48u', 'y000000000109.cfg', 'T48U 1 to 29'),
  },
  {
    vendor: 'Yealink',
    model: 'T53W',
    lineKeys: 8,
    pages: 4,
    keys: 27,
    expansion: EXP50,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t48u', 'y000000000109.cfg', 'T53W 1 to 27'),
  },
  {
    vendor: 'Yealink',
    model: 'T54W',
    lineKeys: 10,
    pages: 3,
    keys: 27,
    expansion: EXP50,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t48u', 'y000000000109.cfg', 'T54W 1 to 27'),
  },
  {
    vendor: 'Yealink',
    model: 'T57W',
    lineKeys: 10,
    pages: 3,
    keys: 29,
    expansion: EXP50,
    buttonTypes: YEALINK,
    reference: FPBX_YEALINK('t48u', 'y000000000109.cfg', 'T57W 1 to 29'),
  },
  { vendor: 'Poly', model: 'VVX 150', lineKeys: 2, pages: 1, buttonTypes: ['line', 'none'], reference: WAZO_POLY('VVX150', '2') },
  { vendor: 'Poly', model: 'VVX 250', lineKeys: 4, pages: 1, buttonTypes: POLY, reference: WAZO_POLY('VVX250', '4') },
  { vendor: 'Poly', model: 'VVX 350', lineKeys: 6, pages: 1, buttonTypes: POLY, reference: WAZO_POLY('VVX350', '6') },
  {
    vendor: 'Poly',
    model: 'VVX 410',
    lineKeys: 12,
    pages: 1,
    expansion: VVX_EM,
    buttonTypes: POLY,
    reference: WAZO_POLY('VVX410', '12 + _EXPANSION 3 * 40'),
  },
  {
    vendor: 'Poly',
    model: 'VVX 450',
    lineKeys: 12,
    pages: 1,
    expansion: VVX_EM,
    buttonTypes: POLY,
    reference: WAZO_POLY('VVX450', '12 + _EXPANSION 3 * 40'),
  },
  {
    vendor: 'Grandstream',
    model: 'GXP2135',
    lineKeys: 8,
    pages: 4,
    vpk: 32,
    buttonTypes: GRANDSTREAM,
    reference: WAZO_GS('GXP2135', 32, 0),
  },
  {
    vendor: 'Grandstream',
    model: 'GRP2612',
    lineKeys: 4,
    pages: 4,
    vpk: 16,
    buttonTypes: GRANDSTREAM,
    reference: WAZO_GS('GRP2612', 16, 0),
  },
  {
    vendor: 'Grandstream',
    model: 'GRP2614',
    lineKeys: 4,
    pages: 4,
    vpk: 16,
    keys: 40,
    buttonTypes: GRANDSTREAM,
    reference: `${WAZO_GS('GRP2614', 16, 24)}; ${GRP_NO_EXT}`,
  },
  {
    vendor: 'Grandstream',
    model: 'GRP2615',
    lineKeys: 5,
    pages: 8,
    vpk: 40,
    expansion: GRP_EXT,
    buttonTypes: GRANDSTREAM,
    reference: `${WAZO_GS('GRP2615', 40, 0)}; module keys: fusionpbx/fusionpbx resources/templates/provision/grandstream/grp2615/{$mac}.xml "EXT MPK" (P23000, "FOR GRP2615/GRP2624/GRP2670/GRP2650 Only"), grp261x/{$mac}.xml writes pks.ext.1 to 160: the firmware's range of extension-module keys, taken as one block of 160 (no reference gives the module's own size or count)`,
  },
  {
    vendor: 'Snom',
    model: 'D715',
    lineKeys: 3,
    pages: 1,
    expansion: D7,
    buttonTypes: SNOM,
    reference: `${SNOM_REF('D715', '715', 'function_keys 3 (5 in the plugin-info of 10.1.198.19 and earlier)', 57)}; the references disagree (FusionPBX's 58 less 3 × 18 makes 4): the smallest figure, wazo-provd's newest 3, is taken. Snom numbers the phone's and the modules' keys in one list, so only the key editor's drawing depends on it`,
  },
  {
    vendor: 'Snom',
    model: 'D735',
    lineKeys: 32,
    pages: 1,
    expansion: D7,
    buttonTypes: SNOM,
    reference: `${SNOM_REF('D735', 'D735', 'function_keys 32', 85)} = 32 + 3 × 18; no reference says how the 32 keys page on the phone, so they are drawn as one page (Snom numbers keys in one list: the file does not depend on it)`,
  },
  {
    vendor: 'Snom',
    model: 'D785',
    lineKeys: 24,
    pages: 1,
    expansion: D7,
    buttonTypes: SNOM,
    reference: `${SNOM_REF('D785', 'D785', 'function_keys 24', 77)} = 24 + 3 × 18; no reference says how the 24 keys page on the phone, so they are drawn as one page (Snom numbers keys in one list: the file does not depend on it)`,
  },
  {
    vendor: 'Snom',
    model: 'M900',
    lineKeys: 0,
    pages: 1,
    buttonTypes: ['line', 'none'],
    reference:
      'wazo-platform/wazo-provd-plugins plugins/wazo_snom/v07_40_0104/plugin-info "Snom, M900": function_keys 0, expansion_modules 0 (a DECT base: plugins/wazo_snom/common_dect/templates/base-new.tpl writes no function keys)',
  },
  {
    vendor: 'Fanvil',
    model: 'X4U',
    sideKeys: 3,
    lineKeys: 6,
    pages: 5,
    buttonTypes: FANVIL,
    reference: FANVIL_REF('X4U', 3, 6, 'function_keys 30 (the 5 pages of 6, without the line keys)'),
  },
  {
    vendor: 'Fanvil',
    model: 'X5U',
    sideKeys: 4,
    lineKeys: 6,
    pages: 5,
    buttonTypes: FANVIL,
    reference: FANVIL_REF('X5U', 4, 6, 'function_keys 34 (4 + 5 × 6)'),
  },
  {
    vendor: 'Fanvil',
    model: 'X6U',
    sideKeys: 5,
    lineKeys: 12,
    pages: 5,
    buttonTypes: FANVIL,
    reference: `${FANVIL_REF('X6U', 5, 12, 'function_keys 72, which 5 line keys and 5 pages of 12 do not make')}; the references disagree: the smaller, FusionPBX's 5 pages (65 keys with the line keys), is taken`,
  },
];

/** Used for a phone whose model is unknown or not in the catalog. */
export const GENERIC_MODEL: PhoneModel = {
  vendor: '',
  model: 'Generic',
  lineKeys: 12,
  pages: 1,
  buttonTypes: BUTTON_TYPES,
  reference: 'none: no check',
};

function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Vendor spellings that name the same maker. */
const VENDOR_ALIASES: Record<string, string> = { polycom: 'poly', hp: 'poly', snomtechnology: 'snom' };

function normVendor(vendor: string): string {
  const v = norm(vendor);
  return VENDOR_ALIASES[v] ?? v;
}

/**
 * Looks a model up by vendor (optional) and model name, ignoring case, spaces and dashes, and
 * the prefixes and suffixes firmware adds (`SIP-T46U`, `VVX_410`, `snomD785`, `X5U-V2`).
 */
export function findModel(vendor: string, model: string): PhoneModel | undefined {
  const m = norm(model)
    .replace(/^sip(?=[a-z]*\d)/, '')
    .replace(/^snom(?=[a-z]*\d)/, '');
  if (m === '') return undefined;
  const v = normVendor(vendor);
  const candidates = MODELS.filter((entry) => v === '' || normVendor(entry.vendor) === v);
  return (
    candidates.find((entry) => norm(entry.model) === m) ??
    // Hardware revisions and variants: X5U-V2, X4U Pro, T46U-XXX.
    candidates.find((entry) => m.startsWith(norm(entry.model)) && /^(v\d|pro|ua|sip)/.test(m.slice(norm(entry.model).length)))
  );
}

export function modelOrGeneric(vendor: string, model: string): PhoneModel {
  return findModel(vendor, model) ?? GENERIC_MODEL;
}

/** Programmable keys on the phone itself (all pages, Grandstream's MPKs, Fanvil's line keys). */
export function totalKeys(model: PhoneModel): number {
  return model.keys ?? (model.sideKeys ?? 0) + model.lineKeys * model.pages;
}

/** Every model of one vendor, for the UI's model picker. */
export function modelsOf(vendor: string): PhoneModel[] {
  const v = normVendor(vendor);
  return MODELS.filter((m) => normVendor(m.vendor) === v);
}

export interface KeyCapacity {
  /** Keys on the phone itself, all pages. */
  main: number;
  /** Keys on the most expansion modules the model takes. */
  expansion: number;
  total: number;
}

export function keyCapacity(model: PhoneModel): KeyCapacity {
  const main = totalKeys(model);
  const expansion = model.expansion ? model.expansion.keys * model.expansion.maxModules : 0;
  return { main, expansion, total: main + expansion };
}

export type KeyPosition =
  { kind: 'side'; index: number } | { kind: 'phone'; page: number; index: number } | { kind: 'expansion'; module: number; index: number };

/**
 * Where key number `key` (1-based: a Fanvil's line keys first, then the phone's pages, then module
 * after module) sits.
 */
export function keyPosition(model: PhoneModel, key: number): KeyPosition | undefined {
  const main = totalKeys(model);
  const side = model.sideKeys ?? 0;
  if (key >= 1 && key <= side) return { kind: 'side', index: key };
  if (key > side && key <= main) {
    const perPage = Math.max(1, model.lineKeys);
    const k = key - side - 1;
    return { kind: 'phone', page: Math.floor(k / perPage) + 1, index: (k % perPage) + 1 };
  }
  const exp = model.expansion;
  if (!exp || key <= main || key > main + exp.keys * exp.maxModules) return undefined;
  const k = key - main - 1;
  return { kind: 'expansion', module: Math.floor(k / exp.keys) + 1, index: (k % exp.keys) + 1 };
}

/** The key number at a position: keyPosition's inverse (undefined for a position the model does not have). */
export function keyAt(model: PhoneModel, pos: KeyPosition): number | undefined {
  const side = model.sideKeys ?? 0;
  const key =
    pos.kind === 'side'
      ? pos.index
      : pos.kind === 'phone'
        ? side + (pos.page - 1) * Math.max(1, model.lineKeys) + pos.index
        : totalKeys(model) + (pos.module - 1) * (model.expansion?.keys ?? 0) + pos.index;
  const back = keyPosition(model, key);
  const same =
    back !== undefined &&
    back.kind === pos.kind &&
    back.index === pos.index &&
    (back.kind !== 'phone' || (pos.kind === 'phone' && back.page === pos.page)) &&
    (back.kind !== 'expansion' || (pos.kind === 'expansion' && back.module === pos.module));
  return same ? key : undefined;
}

/**
 * The note for a model with an `unverified` figure, for the key editor and (as an `info` problem,
 * shared/vendors/common/problems.ts) the phone's files: the keys are written, but the count is ours.
 */
export function unverifiedNote(model: PhoneModel): string | undefined {
  if (!model.unverified) return undefined;
  const { main, expansion } = keyCapacity(model);
  const counted = `${main} keys on the phone${expansion > 0 ? `, ${expansion} on expansion modules` : ''}`;
  return `${model.vendor} ${model.model}: ${model.unverified} not verified against a vendor reference (this app counts ${counted}); check on the phone that every key appears.`;
}
