/**
 * What a firmware file's name tells: the vendor, the models it is for and its version, following
 * each vendor's naming (the references are named per rule; the unit tests hold real names from
 * them). What a name does not tell is left empty and listed in `missing`, so the technician is
 * asked for it; nothing is guessed.
 */
import type { FirmwareVendor } from './vendors';

export interface RecognisedFirmware {
  vendor?: FirmwareVendor;
  models: string[];
  version: string;
  /** What the name did not tell, in the order the technician should give it. */
  missing: ('vendor' | 'models' | 'version')[];
}

function result(vendor: FirmwareVendor | undefined, models: string[], version: string): RecognisedFirmware {
  const unique = [...new Set(models.map((m) => m.trim()).filter((m) => m !== ''))];
  const missing: RecognisedFirmware['missing'] = [];
  if (!vendor) missing.push('vendor');
  if (unique.length === 0) missing.push('models');
  if (version === '') missing.push('version');
  return { ...(vendor ? { vendor } : {}), models: unique, version, missing };
}

/**
 * Yealink's first version number names the hardware family, so a bare `108.86.0.20.rom` still
 * tells its models. Families as wazo-provd-plugins plugins/wazo_yealink/v86/entry.py lists them
 * (each model with its firmware file and version).
 */
const YEALINK_FAMILIES: Record<string, readonly string[]> = {
  '58': ['T58A', 'T56A'],
  '66': ['T46S', 'T48S', 'T42S', 'T41S'],
  '69': ['T27G'],
  '78': ['CP920'],
  '96': ['T54W', 'T57W', 'T53W', 'T53', 'T53C'],
  '108': ['T46U', 'T43U', 'T41U', 'T48U', 'T42U', 'T44U', 'T44W'],
  '124': ['T31', 'T30', 'T30P', 'T31G', 'T31P', 'T33P', 'T33G'],
};

/** `T46U(T43U,T41U)-108.86.0.90.rom`, `T54W(...)-96.86.0.45(20211130).rom`, `T27G-69.86.0.15.rom`, `108.86.0.20.rom`. */
function yealink(name: string): RecognisedFirmware | undefined {
  const m = /^(?:([A-Za-z0-9]+)(?:\(([A-Za-z0-9,]+)\))?(?:-[A-Za-z]+)?-)?(\d+(?:\.\d+){3})(?:\(\d+\))?\.rom$/i.exec(name);
  if (!m) return /\.rom$/i.test(name) ? result('yealink', [], '') : undefined;
  const [, head, list, version = ''] = m;
  const named = head ? [head.toUpperCase(), ...(list ?? '').split(',').map((s) => s.toUpperCase())] : [];
  const family = YEALINK_FAMILIES[version.split('.')[0] ?? ''] ?? [];
  return result('yealink', named.length > 0 ? named : [...family], version);
}

/**
 * Poly application images. Split downloads are named by the phone's part number
 * (`2345-12600-001.sip.ld` is the SoundPoint IP 650 in Poly's own FAQ, community.poly.com "What
 * files does my phone download or upload and why?"); the combined image is `sip.ld` (wazo
 * plugins/wazo_polycom/v5_9_2/var/tftpboot/000000000000.cfg); old releases carry the version in
 * the name, `sip_316.ld` (wazo v3_1_6), `sip_212.ld` and `sip_313.ld` (FusionPBX polycom/650).
 */
const POLY_PART_NUMBERS: Record<string, string> = { '2345-12600-001': 'SoundPoint IP 650' };

function poly(name: string): RecognisedFirmware | undefined {
  const lower = name.toLowerCase();
  const part = /^(\d{4}-\d{5}-\d{3})\.sip\.ld$/.exec(lower);
  if (part) return result('poly', [POLY_PART_NUMBERS[part[1] as string] ?? ''], '');
  const old = /^sip_(\d)(\d)(\d)\.ld$/.exec(lower);
  if (old) return result('poly', [], `${old[1]}.${old[2]}.${old[3]}`);
  if (lower === 'sip.ld' || lower.endsWith('.sip.ld')) return result('poly', [], '');
  return undefined;
}

/**
 * Grandstream names the image after the model and nothing else: `gxp2140fw.bin` (FusionPBX
 * resources/templates/provision/grandstream/README.md: "the files Grandstream distributes are
 * generally named correctly for their phones to download"). The version must be given.
 */
function grandstream(name: string): RecognisedFirmware | undefined {
  const m = /^([a-z]{2,4}\d{3,4}[a-z]*)fw\.bin$/i.exec(name);
  return m ? result('grandstream', [(m[1] as string).toUpperCase()], '') : undefined;
}

/**
 * Snom: `snomD785-10.1.184.15-SIP-r.bin`, `snom370-8.7.5.35-SIP-f.bin` (wazo
 * plugins/wazo_snom/v10_1_184_15 and v8_7_5_35 pkgs/pkgs.db); the ramdisk of a chained update,
 * `snomD315-ramdisk-chained-update-r.bin`, has a model and no version.
 */
function snom(name: string): RecognisedFirmware | undefined {
  const m = /^snom([a-z]*\d+[a-z]*)-(?:(\d+(?:\.\d+){2,})-sip|ramdisk-chained-update)-[a-z]+\.bin$/i.exec(name);
  if (m) return result('snom', [(m[1] as string).toUpperCase()], m[2] ?? '');
  return /^snom.*\.bin$/i.test(name) ? result('snom', [], '') : undefined;
}

/**
 * Fanvil images, as wazo-provd-plugins plugins/wazo_fanvil/serie_{x,i,h}/entry.py map models to
 * them: `x210pro-fanvil-release-6959-2.12.20-krnvlT….z`, `I10S-fanvil-3921-full-V0.2.2-2.12.44.6-….z`,
 * `h2u-v2-fanvil-release-ff01-5946-2.12.20.2-….z`, `x210-6924-P0.18.23.89-2.4.5.2-3594T….z`, and the
 * compact old form `x22.14.0.7386T20210730165954.z` (X2, version 2.14.0.7386 as serie_x pkgs.db says).
 * A `…pro` image serves the model, its -Pro and its -V2 (X4U, X4U-V2, X4U-Pro share one file there).
 */
function fanvilModels(raw: string): string[] {
  const up = raw.toUpperCase();
  const pro = /^(.+?)PRO$/.exec(up);
  if (!pro) return [up];
  const base = pro[1] as string;
  return [`${base}-Pro`, base, `${base}-V2`];
}

function fanvil(name: string): RecognisedFirmware | undefined {
  if (!/\.z$/i.test(name)) return undefined;
  const release = /^([a-z0-9]+(?:-v\d)?)-fanvil-(?:release-)?(?:[a-z]{2}\d+-)?\d+-(?:full-V[\d.]+-)?(\d+(?:\.\d+)+)-/i.exec(name);
  if (release) return result('fanvil', fanvilModels(release[1] as string), release[2] as string);
  const build = /^([a-z0-9]+)-\d+-(P[\d.]+-\d+(?:\.\d+)+)-\d+T/i.exec(name);
  if (build) return result('fanvil', fanvilModels(build[1] as string), build[2] as string);
  const compact = /^(x\d[a-z]*?)(\d+\.\d+\.\d+\.\d+)T\d+\.z$/i.exec(name);
  if (compact) return result('fanvil', fanvilModels(compact[1] as string), compact[2] as string);
  return result('fanvil', [], '');
}

const RULES = [yealink, poly, grandstream, snom, fanvil];

/** The vendor, models and version a firmware file's name tells; everything missing when it tells nothing. */
export function recogniseFirmwareName(fileName: string): RecognisedFirmware {
  const name = fileName.trim();
  for (const rule of RULES) {
    const found = rule(name);
    if (found) return found;
  }
  return result(undefined, [], '');
}
